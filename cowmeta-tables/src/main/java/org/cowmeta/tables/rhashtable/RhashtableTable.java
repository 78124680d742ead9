package org.cowmeta.tables.rhashtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * The anchor: Linux {@code lib/rhashtable.c} (bit-lock buckets, nulls markers, deferred resize)
 * holding one kmalloc'ed counter object {next, frame, count} per counted frame, as the Morsels
 * prototype kept its copy-on-write counts.
 *
 * <p><b>Layout.</b> {@code ht->tbl} points to a {@link BucketTable}: a power-of-two array of
 * bucket words, its own {@code hash_rnd}, and {@code future_tbl}. Bucket {@code i} holds the first
 * {@link Counter} of a singly linked chain (or nothing); every chain ends in a nulls marker.
 * Hash: {@code jhash2} over the 64-bit frame as two u32 words with the table's seed, index =
 * hash & (size - 1). Sizes as {@code rhashtable_init}: 64 buckets by default, min 4,
 * {@code roundup_pow_of_two(nelem_hint * 4 / 3)}; max_size/max_elems as the kernel (see
 * {@link RhashtableParams}).
 *
 * <p><b>Concurrency.</b> Readers ({@link #get}) take no lock: acquire loads from {@code ht->tbl}
 * down the chain ({@code rhashtable_lookup} under {@code rcu_read_lock}); a walk that ends on a
 * nulls marker other than its own table's rescans the bucket (an object it stood on was moved to
 * another table); then it follows {@code future_tbl} and repeats. Updates come in the two ways a
 * kernel user could write them (option {@code update}, {@link RhashtableParams}):
 * <ul>
 * <li>{@code lockless} (the default, and the anchor every target divides by, being the faster):
 *     an RCU lookup, then one CAS on the found object's count, which never revives a dead (0)
 *     count, as {@code atomic_long_add_unless(&obj->count, 1, 0)}; only an insert (1 → 2) and an
 *     unlink (2 → 1) take the bucket lock, and the unlink kills the count (CAS to 0) under it
 *     before it unlinks, so a concurrent lockless update either lands first or falls back to the
 *     lock. The lookup also touches the bucket's lock byte, so that an insert's lock does not
 *     miss on a second line after the bucket's (in the kernel the lock is bit 0 of the bucket
 *     word itself).</li>
 * <li>{@code locked}: every update takes the bucket lock ({@code rht_lock}), walks it, and
 *     updates in place, links a new object at the head, or unlinks.</li>
 * </ul>
 * When the frame is not in the table and the table has a future, a writer unlocks and goes on to
 * the future table (inserts land in the last table, as in {@code rhashtable_try_insert}). Each
 * update is linearizable at its CAS or its store under the bucket lock; a lookup at its final
 * acquire load. New objects are fully written before the release store that links them
 * ({@code rcu_assign_pointer}).
 *
 * <p><b>Freeing.</b> An unlinked object is freed after an RCU grace period (option {@code free}):
 * {@code kfree_rcu(obj, rcu)} (the default: the 2 → 1 unlink runs under the page-table lock, in
 * atomic context, where {@code kfree_rcu_mightsleep} may not be used; the object carries a 16-byte
 * {@code rcu_head} and lands in kmalloc-64), or a dedicated {@code SLAB_TYPESAFE_BY_RCU} cache of
 * 24-byte objects, whose memory may be reused at once, so a lookup re-checks the key after it has
 * read the count (timed here: one more load of the object's line). Bytes per counted frame
 * follow the choice ({@link RhashtableModel#objectBytes}).
 *
 * <p><b>Resize.</b> Inserts schedule the deferred worker above 75% load; with
 * {@code automaticShrinking} removals schedule it below 30% (target
 * {@code roundup_pow_of_two(nelems * 3 / 2)}). A chain of 16 (elasticity) or a table over 100%
 * makes the inserting thread attach a same-size table with a new seed (or a double-size one above
 * 75%) itself: the emergency rehash. The worker (a daemon thread, under {@code ht->mutex})
 * allocates the new table, attaches it with CAS on {@code old->future_tbl}, then for each old
 * bucket: lock it, repeatedly move its tail object to the head of its bucket in the last table
 * (nested lock), unlink it; finally publishes the new table in {@code ht->tbl}.
 *
 * <p><b>Where Java forces a difference.</b> (1) RCU: an unlinked object or table is simply
 * dropped; the garbage collector frees it only when no reader holds it, which is what
 * {@code kfree_rcu}/{@code call_rcu} guarantee. Objects are never reused, so no reader can see a
 * recycled object. (2) A reference cannot carry a tag bit: the bucket's lock bit lives in a byte
 * array at the same index as the head reference; the kernel publishes a new head and unlocks in
 * one store, here it is two. The unlock is a full-fence store, so an update is visible to every
 * thread before it returns (needed for linearizability across frames; it costs one fence per
 * update the kernel does not pay). Lock waiters spin and then yield, since a Java lock holder can
 * be descheduled. (3) Nulls markers: the kernel's marker is the bucket address | 1; here it is one
 * marker object per table. The walk makes the same decision: objects only ever move from a table
 * to a later one, never between buckets of one table, so a walk that starts in bucket i of table
 * T and ends on T's marker has stayed in bucket i, and a walk diverted by a move ends on a later
 * table's marker and rescans. (4) Counts are exact 64-bit values updated under the bucket lock
 * (the kernel object would hold an atomic_long_t). (5) Not modeled: nested tables (a
 * {@code GFP_ATOMIC} allocation cannot fail here), rhltable, walkers. Where an insert would get
 * {@code -EBUSY} (a long chain in a table that is still being filled by a resize), this table
 * waits for the resize to advance and retries, since the contract has no failure; under a hash
 * that collides whatever the seed (an attack), that can mean several emergency rehashes.
 * (6) Each table's {@code hash_rnd} comes from {@link TableConfig#seed()} and the table's
 * allocation number instead of {@code get_random_u32()}, so runs are reproducible.
 */
public final class RhashtableTable implements RefCountTable {
    /** RHT_ELASTICITY: a chain this long triggers the emergency rehash. */
    static final int ELASTICITY = 16;

    private static final int INC = 0;
    private static final int DEC = 1;
    private static final int SET = 2;

    private static final VarHandle TBL = VarHandles.field(MethodHandles.lookup(), RhashtableTable.class, "tbl", BucketTable.class);
    private static final VarHandle NELEMS = VarHandles.field(MethodHandles.lookup(), RhashtableTable.class, "nelems", long.class);

    /** ht->tbl. */
    private BucketTable tbl;
    /** ht->nelems (atomic_t in the kernel). */
    private long nelems;

    final RhashtableParams params;
    /** Copies of the params' update and free choices, read on every operation. */
    private final boolean lockless;
    private final boolean typesafe;
    private final FrameHash hashOverride;
    private final ChainWalkProbe probe;
    final Resizer resizer;
    private final AtomicLong rescans = new AtomicLong();

    public RhashtableTable(TableConfig config) {
        this(config, null, null);
    }

    /** For tests: a substitute hash function and a probe inside the lock-free walk (each may be null). */
    RhashtableTable(TableConfig config, FrameHash hash, ChainWalkProbe probe) {
        this.params = RhashtableParams.from(Objects.requireNonNull(config, "config"));
        this.lockless = params.lockless();
        this.typesafe = params.typesafe();
        this.hashOverride = hash;
        this.probe = probe;
        this.resizer = new Resizer(this);
        TBL.setRelease(this, resizer.allocate(params.initialSize()));
    }

    // ---- shared with Resizer -------------------------------------------------------------

    BucketTable table() {
        return (BucketTable) TBL.getAcquire(this);
    }

    /** rcu_assign_pointer(ht->tbl, new_tbl). */
    void publish(BucketTable next) {
        TBL.setRelease(this, next);
    }

    long nelems() {
        return (long) NELEMS.getOpaque(this);
    }

    int hash(long frame, BucketTable t) {
        return hashOverride == null ? Jhash.hashFrame(frame, t.hashRnd) : hashOverride.hash(frame, t.hashRnd);
    }

    /** rht_grow_above_75(). */
    boolean growAbove75(BucketTable t) {
        return nelems() > (t.size / 4 * 3) && belowMaxSize(t);
    }

    /** rht_grow_above_100(). */
    boolean growAbove100(BucketTable t) {
        return nelems() > t.size && belowMaxSize(t);
    }

    /** rht_shrink_below_30(). */
    boolean shrinkBelow30(BucketTable t) {
        return nelems() < ((long) t.size * 3 / 10) && t.size > params.minSize();
    }

    private boolean belowMaxSize(BucketTable t) {
        return params.maxSize() == 0 ? t.size < RhashtableParams.MAX_TABLE_SIZE : t.size < params.maxSize();
    }

    // ---- lookups ---------------------------------------------------------------------------

    @Override
    public long get(long frame) {
        Frames.check(frame);
        for (;;) {
            Counter hit = lookup(frame, false);
            if (hit == null) {
                return 1;
            }
            long c = hit.countAcquire();
            if (typesafe && hit.frameAcquire() != frame) {
                continue; // freed and reused while we read it: look again
            }
            return c >= 2 ? c : 1; // a dead object is on its way out: the frame counts 1
        }
    }

    /**
     * __rhashtable_lookup(): lock-free, with the nulls-marker rescan and the future_tbl chase.
     * {@code forUpdate} also loads the bucket's lock byte, so that a lock that follows finds its
     * line cached (the two loads overlap: both addresses come from the hash alone).
     */
    private Counter lookup(long frame, boolean forUpdate) {
        ChainWalkProbe walkProbe = probe;
        BucketTable t = table();
        do {
            int i = t.index(hash(frame, t));
            if (forUpdate && t.touchLock(i) > 1) {
                throw new IllegalStateException("a lock byte is 0 or 1"); // keeps the load
            }
            Counter own = t.nulls;
            for (;;) {
                Counter p = t.firstAcquire(i);
                for (;;) {
                    if (p.frame == frame) {
                        return p;
                    }
                    if (walkProbe != null && !p.isNulls()) {
                        walkProbe.beforeNext(frame, p.frame);
                    }
                    Counter n = p.nextAcquire();
                    if (n == null) {
                        break;
                    }
                    p = n;
                }
                if (p == own) {
                    break;
                }
                // The walk ended in another table's chain: an object it stood on was moved. Rescan.
                rescans.incrementAndGet();
            }
            t = t.futureAcquire();
        } while (t != null);
        return null;
    }

    // ---- updates ---------------------------------------------------------------------------

    @Override
    public long increment(long frame) {
        Frames.check(frame);
        return lockless ? updateLockless(frame, INC) : update(frame, INC, 0);
    }

    @Override
    public long decrement(long frame) {
        Frames.check(frame);
        return lockless ? updateLockless(frame, DEC) : update(frame, DEC, 0);
    }

    /**
     * An update of a counted frame without the bucket lock: an RCU lookup, then a CAS of the live
     * count that keeps it at 2 or more. An insert, an unlink (2 → 1), a dead object or no object
     * go the locked way.
     */
    private long updateLockless(long frame, int op) {
        Counter p = lookup(frame, true);
        while (p != null) {
            long c = p.countAcquire();
            long next = op == INC ? c + 1 : c - 1;
            if (c < 2 || next < 2) {
                break;
            }
            if (p.casCount(c, next)) {
                if (typesafe && p.frameAcquire() != frame) {
                    // Took a reference on a reused object: give it back and look again.
                    undo(p, op);
                    p = lookup(frame, true);
                    continue;
                }
                return next;
            }
        }
        return update(frame, op, 0);
    }

    private static void undo(Counter p, int op) {
        for (;;) {
            long c = p.countAcquire();
            if (p.casCount(c, op == INC ? c - 1 : c + 1)) {
                return;
            }
        }
    }

    @Override
    public void seed(long frame, long count) {
        Frames.check(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        update(frame, SET, count);
    }

    /**
     * The update path: the fast path of {@code __rhashtable_insert_fast}/{@code
     * __rhashtable_remove_fast} is the first round on {@code ht->tbl}; further rounds are the
     * slow path over the {@code future_tbl} chain. Returns the new count.
     */
    private long update(long frame, int op, long arg) {
        BucketTable t = table();
        for (;;) {
            int i = t.index(hash(frame, t));
            t.lock(i);
            Counter own = t.nulls;
            Counter pred = null;
            Counter p = t.firstAcquire(i);
            int elasticity = ELASTICITY;
            while (p != own) {
                if (p.frame == frame) {
                    return updateFound(t, i, pred, p, op, arg);
                }
                elasticity--;
                pred = p;
                p = p.next;
            }
            BucketTable future = t.futureAcquire();
            if (future != null) {
                // Not here, and this table is being emptied: the frame can only be (or go) in the future.
                t.unlock(i);
                t = future;
                continue;
            }
            // t is the last table and the frame has no object anywhere.
            if (op == DEC) {
                t.unlock(i);
                return 0;
            }
            if (op == SET && arg == 1) {
                t.unlock(i);
                return 1;
            }
            if (nelems() >= params.maxElems()) {
                t.unlock(i);
                throw new IllegalStateException("rhashtable is full: " + params.maxElems()
                        + " objects is its max_elems (-E2BIG)");
            }
            if (elasticity <= 0 || growAbove100(t)) {
                t.unlock(i);
                resizer.insertRehash(t);
                t = table();
                continue;
            }
            long value = op == INC ? 2 : arg;
            insertHead(t, i, frame, value);
            t.unlock(i);
            if (growAbove75(t)) {
                resizer.schedule();
            }
            return value;
        }
    }

    /** Links a new object at the head of locked bucket i; its fields are written before the release store. */
    private void insertHead(BucketTable t, int i, long frame, long count) {
        Counter obj = new Counter(frame, count, t.firstAcquire(i));
        t.assignFirst(i, obj);
        NELEMS.getAndAdd(this, 1L);
    }

    private long updateFound(BucketTable t, int i, Counter pred, Counter p, int op, long arg) {
        long next = setCount(p, op, arg);
        if (next >= 2) {
            t.unlock(i);
            return next;
        }
        unlink(t, i, pred, p);
        t.unlock(i);
        if (params.automaticShrinking() && shrinkBelow30(t)) {
            resizer.schedule();
        }
        return 1;
    }

    /**
     * Applies {@code op} to the count of {@code p}, a live object of a bucket this thread holds
     * locked, and returns the new count; a new count below 2 leaves the object dead (0) for the
     * caller to unlink. Lockless updaters may change a live count meanwhile, so the change is a
     * CAS; without them a store under the lock does.
     */
    private long setCount(Counter p, int op, long arg) {
        for (;;) {
            long c = p.countAcquire();
            long next = op == INC ? c + 1 : op == DEC ? c - 1 : arg;
            long stored = next >= 2 ? next : 0;
            if (!lockless) {
                p.countRelease(stored);
                return next;
            }
            if (p.casCount(c, stored)) {
                return next;
            }
        }
    }

    /** Unlinks p from locked bucket i (the object itself is left intact for readers still on it). */
    private void unlink(BucketTable t, int i, Counter pred, Counter p) {
        Counter after = p.next;
        if (pred == null) {
            t.assignFirst(i, after);
        } else {
            pred.nextRelease(after);
        }
        NELEMS.getAndAdd(this, -1L);
    }

    // ---- batches ---------------------------------------------------------------------------

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        Frames.checkAll(frames, from, to);
        for (int start = from; start < to; start += BatchScratch.CHUNK) {
            batch(frames, start, Math.min(to, start + BatchScratch.CHUNK), INC, null);
        }
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        Frames.checkAll(frames, from, to);
        Objects.requireNonNull(released, "released");
        for (int start = from; start < to; start += BatchScratch.CHUNK) {
            batch(frames, start, Math.min(to, start + BatchScratch.CHUNK), DEC, released);
        }
    }

    /**
     * One chunk of a batch: hash every frame once with the current table's seed, sort by bucket,
     * and take each bucket lock once for its group. A group whose table turns out to have a
     * future (a resize began) goes frame by frame through the ordinary slow path.
     */
    private void batch(long[] frames, int from, int to, int op, LongConsumer released) {
        int n = to - from;
        BucketTable t = table();
        if (n <= 1 || t.futureAcquire() != null) {
            for (int k = from; k < to; k++) {
                long c = update(frames[k], op, 0);
                if (c == 0) {
                    released.accept(frames[k]);
                }
            }
            return;
        }
        BatchScratch s = BatchScratch.acquire(n);
        try {
            batchSorted(t, frames, from, n, op, released, s);
        } finally {
            s.release();
        }
    }

    private void batchSorted(BucketTable t, long[] frames, int from, int n, int op, LongConsumer released,
                             BatchScratch s) {
        long[] keys = s.keys;
        for (int k = 0; k < n; k++) {
            keys[k] = ((long) t.index(hash(frames[from + k], t)) << 32) | k;
        }
        s.sort(n);
        warm(t, keys, n, s);
        int g = 0;
        while (g < n) {
            int i = (int) (keys[g] >>> 32);
            int end = g + 1;
            while (end < n && (int) (keys[end] >>> 32) == i) {
                end++;
            }
            int releasedCount = batchGroup(t, i, frames, from, keys, g, end, op, s.released);
            for (int r = 0; r < releasedCount; r++) {
                released.accept(s.released[r]);
            }
            g = end;
        }
    }

    /**
     * Issues the batch's independent loads before any is resolved under a lock: every bucket word
     * and the first object of every non-empty bucket (what a kernel batch would prefetch()). Java
     * has no prefetch, so the loads are real and their values are folded into a sink the JIT
     * cannot discard; the locked pass then finds these lines in the cache.
     */
    private static void warm(BucketTable t, long[] keys, int n, BatchScratch s) {
        long acc = 0;
        int last = -1;
        for (int k = 0; k < n; k++) {
            int i = (int) (keys[k] >>> 32);
            if (i != last) {
                acc += t.firstAcquire(i).frame;
                last = i;
            }
        }
        s.sink = acc;
    }

    /** Applies keys[g, end) (all in bucket i of t) under one lock; returns how many frames reached 0. */
    private int batchGroup(BucketTable t, int i, long[] frames, int from, long[] keys, int g, int end,
                           int op, long[] releasedOut) {
        int releasedCount = 0;
        t.lock(i);
        int k = g;
        boolean inserted = false;
        boolean removed = false;
        if (t.futureAcquire() == null) {
            for (; k < end; k++) {
                long frame = frames[from + (int) keys[k]];
                Counter own = t.nulls;
                Counter pred = null;
                Counter p = t.firstAcquire(i);
                int elasticity = ELASTICITY;
                while (p != own && p.frame != frame) {
                    elasticity--;
                    pred = p;
                    p = p.next;
                }
                if (p != own) {
                    if (setCount(p, op, 0) < 2) {
                        unlink(t, i, pred, p);
                        removed = true;
                    }
                } else if (op == DEC) {
                    releasedOut[releasedCount++] = frame;
                } else if (nelems() >= params.maxElems() || elasticity <= 0 || growAbove100(t)) {
                    break; // the single-frame path raises the error or runs the emergency rehash
                } else {
                    insertHead(t, i, frame, 2);
                    inserted = true;
                }
            }
        }
        t.unlock(i);
        if (inserted && growAbove75(t)) {
            resizer.schedule();
        }
        if (removed && params.automaticShrinking() && shrinkBelow30(t)) {
            resizer.schedule();
        }
        for (; k < end; k++) {
            long frame = frames[from + (int) keys[k]];
            if (update(frame, op, 0) == 0) {
                releasedOut[releasedCount++] = frame;
            }
        }
        return releasedCount;
    }

    // ---- reporting -------------------------------------------------------------------------

    @Override
    public long entries() {
        return nelems();
    }

    @Override
    public Footprint footprint() {
        long objects = nelems();
        Footprint.Builder b = Footprint.builder()
                .modeled("objects", RhashtableModel.objectBytes(objects, typesafe))
                .jvm("objects", objects * Counter.JVM_BYTES);
        for (BucketTable t = table(); t != null; t = t.futureAcquire()) {
            b.modeled("buckets", RhashtableModel.bucketTableBytes(t.size));
            b.jvm("buckets", BucketTable.jvmBytes(t.size));
        }
        // The handle: struct rhashtable is embedded in its user's structure (no modeled bytes of its own).
        b.jvm("handle", JvmLayout.instance(1, 0, 6, 0) + JvmLayout.instance(1, 0, 0, 0)
                + RhashtableParams.jvmBytes() + Resizer.jvmBytes());
        return b.build();
    }

    @Override
    public TableStats stats() {
        long chained = 0;
        long sumProbe = 0;
        long maxChain = 0;
        long tables = 0;
        long futureBuckets = 0;
        BucketTable current = table();
        for (BucketTable t = current; t != null; t = t.futureAcquire()) {
            tables++;
            if (t != current) {
                futureBuckets += t.size;
            }
            for (int i = 0; i < t.size; i++) {
                long len = 0;
                for (Counter p = t.firstAcquire(i); !p.isNulls(); p = p.nextAcquire()) {
                    len++;
                }
                chained += len;
                sumProbe += len * (len + 1) / 2;
                maxChain = Math.max(maxChain, len);
            }
        }
        Map<String, Long> extra = new java.util.LinkedHashMap<>();
        extra.put("emergencyRehashes", resizer.emergencyRehashes());
        extra.put("grows", resizer.grows());
        extra.put("shrinks", resizer.shrinks());
        extra.put("rescans", rescans.get());
        extra.put("tables", tables);
        extra.put("futureBuckets", futureBuckets);
        extra.put("maxElems", params.maxElems());
        return new TableStats(nelems(), current.size, resizer.resizes(), resizer.inProgress(),
                chained == 0 ? 0 : (double) sumProbe / chained, maxChain, extra);
    }

    /**
     * The accesses the kernel code makes: {@code ht->tbl}, the table header ({@code hash_rnd},
     * {@code size}), the bucket word, each object of the chain (each a dependent load: a hit at
     * chain position k costs 3 + k dependent loads, the first of which, {@code ht->tbl}, is a line
     * every operation shares), {@code future_tbl}, and the same again for each future table the
     * operation has to visit. Updates also write the object or a new one and {@code ht->nelems}.
     */
    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        Frames.check(frame);
        Objects.requireNonNull(op, "op");
        trace.load(RhashtableModel.HT_ADDRESS + RhashtableModel.HT_TBL_OFFSET, 8);
        BucketTable t = table();
        for (;;) {
            trace.load(t.modeledAddress, 16);
            int i = t.index(hash(frame, t));
            trace.load(t.bucketAddress(i), 8);
            for (Counter p = t.firstAcquire(i); !p.isNulls(); p = p.nextAcquire()) {
                trace.load(RhashtableModel.objectAddress(p.frame), RhashtableModel.OBJECT_SIZE);
                if (p.frame == frame) {
                    if (op == Op.DECREMENT && p.countAcquire() == 2) {
                        // The object is unlinked (its predecessor or the bucket word, both already read).
                        trace.touch(RhashtableModel.HT_ADDRESS + RhashtableModel.HT_NELEMS_OFFSET, 4);
                    }
                    return;
                }
            }
            trace.touch(t.modeledAddress + RhashtableModel.FUTURE_TBL_OFFSET, 8);
            BucketTable future = t.futureAcquire();
            if (future == null) {
                if (op == Op.INCREMENT) {
                    // kmalloc'ed object written and linked; nelems incremented; grow check reads size.
                    trace.touch(RhashtableModel.objectAddress(frame), RhashtableModel.OBJECT_SIZE);
                    trace.touch(RhashtableModel.HT_ADDRESS + RhashtableModel.HT_NELEMS_OFFSET, 4);
                }
                return;
            }
            t = future;
        }
    }

    @Override
    public Optional<ResizeControl> resizeControl() {
        return Optional.of(resizer);
    }

    @Override
    public void close() {
        resizer.close();
    }

    @Override
    public String toString() {
        BucketTable t = table();
        return "rhashtable[" + nelems() + " objects, " + t.size + " buckets"
                + (t.futureAcquire() != null ? ", resizing" : "") + "]";
    }
}
