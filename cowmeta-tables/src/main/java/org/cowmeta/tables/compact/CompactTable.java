package org.cowmeta.tables.compact;

import static org.cowmeta.tables.compact.WordLayout.COUNT_ONE;
import static org.cowmeta.tables.compact.WordLayout.FRAME_MASK;
import static org.cowmeta.tables.compact.WordLayout.FROZEN;
import static org.cowmeta.tables.compact.WordLayout.LOCK;
import static org.cowmeta.tables.compact.WordLayout.MIGRATED;
import static org.cowmeta.tables.compact.WordLayout.OVERFLOW_MAX;
import static org.cowmeta.tables.compact.WordLayout.OVERFLOW_ONE;
import static org.cowmeta.tables.compact.WordLayout.SLOT_MASK;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.Hashing;
import org.cowmeta.tables.HelpPacing;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;

/**
 * A refcount table of one 64-bit word per counted frame, in cache-line buckets: a hit or a miss
 * is one read-only cache line in the common case, an update is one CAS on one word.
 *
 * <p><b>Layout.</b> An off-heap array of 64-byte buckets (eight words, 64-byte aligned, in huge
 * pages where the OS offers them), compared with a frame in one SIMD instruction
 * ({@link BucketScan}); each
 * word is frame (40 bits) + inline count + a frozen bit, see {@link WordLayout}; word 0 of a
 * bucket also carries the bucket header (overflow count, MIGRATED, LOCK). Counts past the
 * inline width spill to {@link SpillCounts}. A frame's home bucket is a fast-range reduction of
 * its hash; an entry that finds its home full goes to the next bucket with a free slot (linear
 * probing by bucket) and increments the <i>overflow count</i> of every bucket it passed, as
 * folly's F14 does, so a lookup leaves its home only when that count is non-zero: with no
 * tombstones, a miss stops at home even at high load. Removal clears the slot and then
 * decrements the counts it had raised; counts are raised before an entry is placed and lowered
 * after it is gone, so they never understate (the invariant lookups rely on).
 *
 * <p><b>Concurrency.</b> Lookups take no lock and write nothing. Count changes of a present
 * entry are one CAS on its word; removing an entry (2 -> 1) is one CAS that empties the slot.
 * Creating an entry, and moving a count to or from the spill structure, happen under the home
 * bucket's LOCK bit, so two inserts of one frame cannot both miss it; the lock is a bit in word
 * 0, taken by CAS, never held by readers. Linearization points: the successful CAS; for a miss,
 * the read of the home header that confirms the bucket was not migrated (see resize).
 *
 * <p><b>Resize</b> (grow x2 and shrink, online, cooperative, incremental: growt, Click's
 * NonBlockingHashMap). A resize attaches a next {@link BucketArray}; every update that finds
 * one first migrates one unclaimed block of buckets (when the resize is paced, one caller per
 * interval does, see {@link HelpPacing}). Migrating bucket b: take b's LOCK; freeze
 * (CAS a FROZEN bit into) each word whose home is b, copying it into the next array; set b's
 * MIGRATED bit (and drop the lock) in one CAS; the frozen words stay until the old array is
 * dropped. A frozen word can no
 * longer change, so a reader may return its count if b is not yet MIGRATED, and an updater
 * waits for that bit (one bucket's migration, never the whole resize) and retries in the next
 * array. A lookup that misses re-reads its home header: if it became MIGRATED, the frame may
 * have been copied (and frozen) after the slot was read, so it retries in the next array.
 * An insert during a grow goes straight into the next array, holding its home's lock in the
 * old one (the lock all inserts of that frame take until home is migrated), after checking both
 * arrays; so a lookup or update that misses at a home not yet migrated looks in the next array
 * too, as the kernel's walk {@code future_tbl}. Inserts neither migrate nor wait for a migration,
 * and the old array never fills. During a shrink an insert migrates its home first and inserts
 * in the next array, so a burst of inserts drives the migration on before the smaller array fills. When the last block is done the next array becomes current; the old one is left to the garbage collector (automatic arena:
 * no reader can touch freed memory, the role RCU plays in the kernel).
 *
 * <p><b>Batches</b> ({@code getAll}, {@code incrementAll}, {@code decrementAll}) run in groups:
 * hash the group and load its home buckets before resolving any (AMAC / group prefetching with
 * real loads, since Java has no prefetch instruction), then resolve each on the homes already
 * computed, in batch order (sorting by bucket was measured and did not pay: hashed homes rarely
 * coincide). With {@code homeGroupBits}, adjacent frames share a home, so a page table's run of
 * neighbours touches a few lines.
 */
public final class CompactTable implements RefCountTable {
    private static final VarHandle WORD = BucketArray.WORD;
    private static final VarHandle CURRENT;
    /** Returned by inner steps: start the operation again in the same array. */
    private static final long RETRY = SpillCounts.SEALED;
    /** Returned by inner steps: the home bucket was migrated, continue in the next array. */
    private static final long MOVED = Long.MIN_VALUE + 1;
    /** Returned by {@link #placeNew} (as a displacement): the resize target has no room left for new entries. */
    private static final long REFUSED = -2;
    /** The share of a resize target's slots that copies and new entries may fill before its migration is done. */
    private static final double TARGET_FILL = 0.9;

    /** The shortest sleep of a paced background migrator (parking has a granularity of tens of microseconds). */
    private static final long MIN_SLEEP_NANOS = 50_000;
    /** How often a held background migrator looks whether it may go on. */
    private static final long HELD_POLL_NANOS = 200_000;

    /** Tags an offset {@link #locate} found in the next array rather than in the one it was given. */
    private static final long IN_NEXT = 1L << 62;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(CompactTable.class, "current", BucketArray.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Test hooks on two slow paths only a running resize takes, so a test can force the
     * interleavings of its races with latches: {@code betweenArrays} runs when a lookup or update
     * has missed at a home not yet migrated and is about to look in the next array;
     * {@code awaitingMigration} when an update is about to wait for a home's migration. Null
     * (nothing runs) outside tests.
     */
    static volatile Runnable betweenArrays;
    static volatile Runnable awaitingMigration;
    /** Runs in the thread attaching a shrink's target, after the entries were counted for its fit check, before the allocation and the attach. */
    static volatile Runnable afterShrinkCheck;
    /** Runs when an insert the array refused (its room is used up) is about to wait. */
    static volatile Runnable awaitingRoom;

    private volatile BucketArray current;
    private final CompactOptions options;
    private final WordLayout layout;
    /** Copies of {@link #layout}'s fields the fast paths use, one load fewer each. */
    private final long countMask;
    private final long spilled;
    private final long seed;
    private final int groupBits;
    private final BucketScan scan;
    private final SpillCounts spill = new SpillCounts();
    private final LongAdder entries = new LongAdder();
    private final AtomicLong resizes = new AtomicLong();
    private final ThreadLocal<long[]> batchHomes;
    private final HelpPacing pacing = new HelpPacing();
    /** Whether operations that find a resize in progress take a block of its migration (the {@code callers} migrator). */
    private final boolean callersHelp;
    /** Keeps the batch loads alive: the JIT cannot drop loads whose value is stored. */
    private long sink;

    public CompactTable(TableConfig config) {
        this.options = CompactOptions.from(config);
        this.layout = new WordLayout(options.inlineBits());
        this.countMask = layout.countMask;
        this.spilled = layout.spilled;
        this.seed = config.seed();
        this.groupBits = options.homeGroupBits();
        this.scan = BucketScan.named(options.scan());
        this.callersHelp = !options.backgroundMigration();
        this.current = new BucketArray(options.initialBuckets(), options.blockBuckets());
        int window = options.batchWindow();
        this.batchHomes = ThreadLocal.withInitial(() -> new long[window]);
    }

    // ---------------------------------------------------------------- operations

    /*
     * The three hot operations first try their common case in the home bucket alone (no resize
     * running, the frame's word found there or a miss that stops there, an inline count, or a
     * removal from 2 of an entry at home), and
     * fall back to the general loops below for everything else. get's fast path reads what the
     * general one reads, in the same order (header by acquire, slots, acquire re-read of the
     * matching word or acquire re-read of the header after a miss); increment and decrement need
     * no header on theirs (no resize runs, and their CAS on the word is the linearization point).
     * So the linearization argument is unchanged; what they save is the outer probe loop, the
     * re-checks, and a second pass over the table descriptor.
     */

    @Override
    public long get(long frame) {
        Frames.check(frame);
        BucketArray a = open();
        return getAt(a, a.home(hash(frame)) << 6, frame);
    }

    /** {@link #get} once the array and the home bucket's offset are known (a batch computed them ahead). */
    private long getAt(BucketArray a, long off, long frame) {
        MemorySegment s = a.words;
        long w0 = (long) WORD.getAcquire(s, off);
        int slot = scan.slotOf(s, off, frame, countMask);
        if (slot != BucketScan.NONE) {
            long w = (long) WORD.getAcquire(s, off + ((long) slot << 3));
            long c = (w & countMask) >>> WordLayout.COUNT_SHIFT;
            if ((w & (FROZEN | FRAME_MASK)) == frame && c != 0 && c != spilled) {
                return c;
            }
        } else if ((w0 & MIGRATED) == 0) {
            if ((w0 & WordLayout.OVERFLOW_MASK) != 0) {
                return getBeyondHome(a, off >>> 6, frame);
            }
            VarHandle.acquireFence(); // the header re-read below comes after every slot read
            if (((long) WORD.getAcquire(s, off) & MIGRATED) == 0 && a.next == null) {
                return 1; // with a resize running the frame may have been inserted straight into the next array
            }
        }
        return getHashed(frame, hash(frame));
    }

    /**
     * {@link #get} past a home bucket whose overflow count sends it on: the general path's first
     * round without scanning home again ({@link #find} from the next bucket reads what it would
     * have read after home, then the home header is re-read as after any miss).
     */
    private long getBeyondHome(BucketArray a, long home, long frame) {
        long off = find(a, a.nextBucket(home), frame);
        if (off >= 0) {
            long w = (long) WORD.getAcquire(a.words, off);
            long c = (w & countMask) >>> WordLayout.COUNT_SHIFT;
            if ((w & (FROZEN | FRAME_MASK)) == frame && c != 0 && c != spilled) {
                return c;
            }
        } else if (!migrated(a, home) && a.next == null) {
            return 1;
        }
        return getHashed(frame, hash(frame));
    }

    private long getHashed(long frame, long h) {
        BucketArray a = open();
        for (;;) {
            long home = a.home(h);
            long loc = locate(a, home, h, frame, false);
            if (loc == MOVED) {
                a = a.next;
                continue;
            }
            if (loc == -1) {
                return 1;
            }
            BucketArray at = (loc & IN_NEXT) != 0 ? a.next : a;
            long w = (long) WORD.getAcquire(at.words, loc & ~IN_NEXT);
            if (!layout.holds(w, frame)) {
                continue;
            }
            if ((w & FROZEN) != 0 && migrated(at, at.home(h))) {
                a = at.next; // the frozen copy may be stale: the next array has the count
                continue;
            }
            long c = layout.count(w);
            if (c != layout.spilled) {
                return c;
            }
            long v = spill.read(frame);
            if (v != SpillCounts.SEALED) {
                return v;
            }
        }
    }

    @Override
    public long increment(long frame) {
        Frames.check(frame);
        long h = hash(frame);
        BucketArray a = open();
        long c = a.next == null ? addAt(a, a.home(h) << 6, frame, 1) : 0;
        return c != 0 ? c : counted(incrementHashed(frame, h));
    }

    /**
     * The common case of an increment or decrement, with no resize running (the caller checks
     * {@code a.next}): the frame's word in the home bucket at {@code off}, its count inline
     * (2 to spilled-1) and the new count inline too or 1 (a removal, which empties the slot: an
     * entry found at home raised no overflow counts). Returns the new count after one CAS, or 0
     * when the case does not apply or the CAS lost a race (the caller then takes the general
     * path). The CAS is the linearization point, as on the general path; a word a migration has
     * frozen fails it.
     */
    private long addAt(BucketArray a, long off, long frame, long delta) {
        MemorySegment s = a.words;
        int slot = scan.slotOf(s, off, frame, countMask);
        if (slot == BucketScan.NONE) {
            return 0;
        }
        long at = off + ((long) slot << 3);
        long w = (long) WORD.getAcquire(s, at);
        long c = (w & countMask) >>> WordLayout.COUNT_SHIFT;
        long n = c + delta;
        if ((w & (FROZEN | FRAME_MASK)) != frame || c < 2 || c >= spilled || n >= spilled) {
            return 0;
        }
        long next = n >= 2 ? w + delta * COUNT_ONE : w & ~SLOT_MASK;
        return WORD.compareAndSet(s, at, w, next) ? n : 0;
    }

    /** After a removal: one in {@code sizeCheckInterval} (by hash) checks whether to shrink. */
    private void afterRemoval(BucketArray a, long h) {
        if (((h >>> 32) & options.sizeCheckMask()) == 0) {
            maybeShrink(a);
        }
    }

    /** Counts the entry an increment created: only an insert returns 2 (inline counts start at 2, spilled ones above). */
    private long counted(long r) {
        if (r == 2) {
            entries.increment();
        }
        return r;
    }

    /** Uncounts the entry a decrement removed: only a removal returns 1. */
    private long uncounted(long r) {
        if (r == 1) {
            entries.decrement();
        }
        return r;
    }

    private long incrementHashed(long frame, long h) {
        BucketArray a = open();
        if (a.next != null && callersHelp && pacing.turn()) {
            help(a);
        }
        for (;;) {
            long home = a.home(h);
            long loc = locate(a, home, h, frame, true);
            if (loc == MOVED) {
                a = a.next;
                continue;
            }
            if (loc == RETRY) {
                continue;
            }
            // the array of the frame's word, or for an insert the one whose home lock decides
            BucketArray at = loc >= 0 && (loc & IN_NEXT) != 0 ? a.next : a;
            long r;
            if (loc == -1) {
                r = insert(a, home, h, frame);
            } else {
                long atHome = at == a ? home : at.home(h);
                long off = loc & ~IN_NEXT;
                MemorySegment s = at.words;
                long w = (long) WORD.getAcquire(s, off);
                if (!layout.holds(w, frame)) {
                    continue;
                }
                if ((w & FROZEN) != 0) {
                    awaitMigrated(at, atHome);
                    a = at.next;
                    continue;
                }
                long c = layout.count(w);
                if (c < layout.spilled - 1) {
                    if (WORD.compareAndSet(s, off, w, w + COUNT_ONE)) {
                        return c + 1;
                    }
                    continue;
                }
                r = c == layout.spilled ? spill.add(frame, 1, 0) : spillOut(at, atHome, frame);
            }
            if (r == MOVED) {
                a = at.next;
            } else if (r != RETRY) {
                return r;
            }
        }
    }

    @Override
    public long decrement(long frame) {
        Frames.check(frame);
        long h = hash(frame);
        BucketArray a = open();
        long c = a.next == null ? addAt(a, a.home(h) << 6, frame, -1) : 0;
        if (c == 1) {
            entries.decrement();
            afterRemoval(a, h);
            return 1;
        }
        return c != 0 ? c : uncounted(decrementHashed(frame, h));
    }

    private long decrementHashed(long frame, long h) {
        BucketArray a = open();
        if (a.next != null && callersHelp && pacing.turn()) {
            help(a);
        }
        for (;;) {
            long home = a.home(h);
            long loc = locate(a, home, h, frame, true);
            if (loc == MOVED) {
                a = a.next;
                continue;
            }
            if (loc == RETRY) {
                continue;
            }
            if (loc == -1) {
                return 0;
            }
            BucketArray at = (loc & IN_NEXT) != 0 ? a.next : a;
            long atHome = at == a ? home : at.home(h);
            long off = loc & ~IN_NEXT;
            MemorySegment s = at.words;
            long w = (long) WORD.getAcquire(s, off);
            if (!layout.holds(w, frame)) {
                continue;
            }
            if ((w & FROZEN) != 0) {
                awaitMigrated(at, atHome);
                a = at.next;
                continue;
            }
            long c = layout.count(w);
            if (c == layout.spilled) {
                long r = spill.add(frame, -1, layout.unspillAt);
                if (r == layout.unspillAt) {
                    r = unspill(at, atHome, frame);
                }
                if (r == MOVED) {
                    a = at.next;
                } else if (r != RETRY) {
                    return r;
                }
                continue;
            }
            if (c > 2) {
                if (WORD.compareAndSet(s, off, w, w - COUNT_ONE)) {
                    return c - 1;
                }
                continue;
            }
            if (WORD.compareAndSet(s, off, w, w & ~SLOT_MASK)) {
                releaseOverflow(at, atHome, off >>> 6); // the caller uncounts the entry
                afterRemoval(at, h);
                return 1;
            }
        }
    }

    /*
     * Batches run in groups of batchWindow frames, in two passes (group prefetching / AMAC):
     * the first hashes every frame of the group and loads its home bucket's first word (the
     * loads are independent, so their misses overlap); the second resolves each frame on the
     * home offsets the first computed, through the same home-bucket fast path as a single call,
     * and only a frame that needs more (an insert, a displaced entry, a spilled count, a resize)
     * takes the general path.
     */

    @Override
    public void getAll(long[] frames, int from, int to, long[] counts) {
        Frames.checkAll(frames, from, to);
        if (counts.length < to - from) {
            throw new IllegalArgumentException("counts holds " + counts.length + " values, the batch has " + (to - from));
        }
        long[] offs = batchHomes.get();
        for (int start = from; start < to; start += offs.length) {
            int n = Math.min(offs.length, to - start);
            BucketArray a = touchHomes(frames, start, n, offs);
            for (int k = 0; k < n; k++) {
                counts[start - from + k] = getAt(a, offs[k], frames[start + k]);
            }
        }
    }

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        Frames.checkAll(frames, from, to);
        long[] offs = batchHomes.get();
        for (int start = from; start < to; start += offs.length) {
            int n = Math.min(offs.length, to - start);
            BucketArray a = touchHomes(frames, start, n, offs);
            for (int k = 0; k < n; k++) {
                long f = frames[start + k];
                long c = a.next == null ? addAt(a, offs[k], f, 1) : 0;
                if (c == 0) {
                    // each new entry counted at once, as a single insert is: a shrink is sized
                    // from the count, and a count lagging by a batch's inserts let a shrink's
                    // target be too small for the entries it had to take
                    counted(incrementHashed(f, hash(f)));
                }
            }
        }
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        Frames.checkAll(frames, from, to);
        long[] offs = batchHomes.get();
        long removed = 0;
        try {
            for (int start = from; start < to; start += offs.length) {
                int n = Math.min(offs.length, to - start);
                BucketArray a = touchHomes(frames, start, n, offs);
                for (int k = 0; k < n; k++) {
                    long f = frames[start + k];
                    long r = a.next == null ? addAt(a, offs[k], f, -1) : 0;
                    if (r == 1) {
                        afterRemoval(a, hash(f));
                    } else if (r == 0) {
                        r = decrementHashed(f, hash(f));
                    }
                    if (r == 1) {
                        removed++;
                    } else if (r == 0) {
                        released.accept(f);
                    }
                }
            }
        } finally {
            entries.add(-removed);
        }
    }

    /**
     * The first pass of a batch group: stores each frame's home offset in {@code offs} and loads
     * the home bucket's first word (all independent, so the memory system serves them in
     * parallel; Java has no prefetch instruction, a load whose value is kept does its work).
     * Returns the array the offsets are in.
     */
    private BucketArray touchHomes(long[] frames, int start, int n, long[] offs) {
        BucketArray a = open();
        MemorySegment s = a.words;
        long acc = 0;
        for (int k = 0; k < n; k++) {
            long off = a.home(hash(frames[start + k])) << 6;
            acc += (long) WORD.get(s, off);
            offs[k] = off;
        }
        sink = acc;
        return a;
    }

    @Override
    public void seed(long frame, long count) {
        Frames.check(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        long h = hash(frame);
        BucketArray a = open();
        if (a.next != null && callersHelp && pacing.turn()) {
            help(a);
        }
        for (;;) {
            long home = a.home(h);
            if (!lockForSeed(a, home)) {
                a = a.next;
                continue;
            }
            long placed;
            try {
                placed = seedLocked(a, home, frame, count);
            } finally {
                unlock(a, home);
            }
            if (placed == REFUSED) {
                awaitOpen(a);
                continue;
            }
            if (placed < 0) {
                growBecauseFull(a);
                continue;
            }
            maybeGrow(a, placed); // seeding loads whole captures: check the load on every insert
            return;
        }
    }

    /** Returns the displacement of a new entry, 0 if none was made, -1 if the array is full, {@link #REFUSED} if it admits no new entry. */
    private long seedLocked(BucketArray a, long home, long frame, long count) {
        MemorySegment s = a.words;
        for (;;) {
            long off = find(a, home, frame);
            if (off < 0) {
                if (count == 1) {
                    return 0;
                }
                long field = count;
                AtomicLong counter = null;
                if (count >= layout.spilled) {
                    counter = spill.open(frame, count);
                    field = layout.spilled;
                }
                long d = placeNew(a, home, layout.slot(frame, field));
                if (d < 0) {
                    if (counter != null) {
                        spill.close(frame, counter);
                    }
                    return d;
                }
                entries.increment();
                return d;
            }
            long w = (long) WORD.getAcquire(s, off);
            AtomicLong old = layout.count(w) == layout.spilled ? spill.counter(frame) : null;
            if (old != null && count >= layout.spilled) {
                old.set(count);
                return 0;
            }
            if (old != null) {
                old.set(SpillCounts.SEALED);
            }
            long field = count == 1 ? 0 : count < layout.spilled ? count : layout.spilled;
            if (field == layout.spilled) {
                spill.open(frame, count);
            }
            boolean written = false;
            while (layout.holds(w, frame)) { // lock-free updates may race; seed is exact only without them
                long nw = field == 0 ? w & ~SLOT_MASK : layout.withCount(w, field);
                if (WORD.compareAndSet(s, off, w, nw)) {
                    written = true;
                    break;
                }
                w = (long) WORD.getAcquire(s, off);
            }
            if (old != null) {
                spill.close(frame, old);
            }
            if (!written) {
                continue; // removed meanwhile by a decrement: seed the now absent frame
            }
            if (field == 0) {
                releaseOverflow(a, home, off >>> 6);
                entries.decrement();
            }
            return 0;
        }
    }

    // ---------------------------------------------------------------- probing

    /**
     * Fibonacci hashing of the seeded frame group (the frame without its low
     * {@code homeGroupBits}, see {@link CompactOptions}): one multiply. Only the top 32 bits are
     * used (the home bucket takes the high ones, the size check the low ones), and they depend on
     * every bit of the group. Frames are not adversarial, and sequential or strided frame numbers
     * spread evenly under it. It replaced SplitMix64's finalizer (two multiplies, three
     * xor-shifts on the critical path of every operation).
     */
    private long hash(long frame) {
        return ((frame >>> groupBits) ^ seed) * Hashing.GOLDEN_GAMMA;
    }

    /**
     * The offset of the word holding {@code frame}, or -1: home bucket first, then on while
     * overflow says so. Word 0 (with the header) is read with acquire semantics, then the
     * {@link BucketScan} reads all eight words plainly; a miss ends with an acquire fence, so that
     * the caller's re-read of the home header comes after every slot read.
     */
    private long find(BucketArray a, long home, long frame) {
        MemorySegment s = a.words;
        long pos = home;
        for (long d = 0; d < a.buckets; d++) {
            long off = pos << 6;
            long w0 = (long) WORD.getAcquire(s, off);
            int slot = scan.slotOf(s, off, frame, countMask);
            if (slot != BucketScan.NONE) {
                return off + ((long) slot << 3);
            }
            if ((w0 & WordLayout.OVERFLOW_MASK) == 0) {
                break;
            }
            pos = a.nextBucket(pos);
        }
        VarHandle.acquireFence();
        return -1;
    }

    /**
     * Where {@code frame}'s word is, starting at its {@code home} in {@code a}: its offset in
     * {@code a}; or, while a resize runs and home is not yet migrated, its offset in the next
     * array tagged {@link #IN_NEXT} (an entry inserted since the resize began goes straight
     * there); -1 when it is in neither; {@link #MOVED} when home was migrated (go on in the next
     * array).
     *
     * <p>{@code forUpdate}: a word found in the next array while home is not yet migrated may be
     * the copy a migration of home is making, whose frozen original readers of {@code a} still
     * return. An updater must not change it before home is MIGRATED, so home is scanned once more
     * after the find: if the frame is there now (frozen), {@link #RETRY}, and the retry waits for
     * the migration. If it is not, the word in the next array is the only one: nothing puts a
     * frame into {@code a} once the next array holds it (an insert under home's lock checks both).
     */
    private long locate(BucketArray a, long home, long h, long frame, boolean forUpdate) {
        long off = find(a, home, frame);
        if (off >= 0) {
            return off;
        }
        if (migrated(a, home)) {
            return MOVED;
        }
        BucketArray n = a.next;
        if (n == null) {
            return -1;
        }
        Runnable hook = betweenArrays;
        if (hook != null) {
            hook.run();
        }
        long in = find(n, n.home(h), frame);
        if (in < 0) {
            return -1;
        }
        if (forUpdate && find(a, home, frame) >= 0) {
            return RETRY;
        }
        return in | IN_NEXT;
    }

    /**
     * Claims the first empty slot from {@code home} on, raising the overflow count of each full
     * bucket passed before moving past it. Returns how many buckets it moved past, or -1 (with
     * the counts it raised lowered again) when every bucket is full.
     */
    private long place(BucketArray a, long home, long slotBits) {
        MemorySegment s = a.words;
        long pos = home;
        for (long d = 0; d < a.buckets; d++) {
            long off = pos << 6;
            for (int i = scan.firstEmpty(s, off); i != BucketScan.NONE; i = scan.firstEmpty(s, off)) {
                long at = off + ((long) i << 3);
                long w = (long) WORD.getAcquire(s, at);
                if (WordLayout.empty(w) && WORD.compareAndSet(s, at, w, w | slotBits)) {
                    return d;
                }
                // another insert took the slot first: scan the bucket again
            }
            addOverflow(s, off, 1);
            pos = a.nextBucket(pos);
        }
        for (long d = 0; d < a.buckets; d++, pos = a.nextBucket(pos)) {
            addOverflow(s, pos << 6, -1);
        }
        return -1;
    }

    /**
     * Places a new entry (an insert or a seed, not a migration's copy): as {@link #place}, or
     * {@link #REFUSED} when {@code a} is a resize's target whose room is used up (the copies still
     * to come need the rest of its slots).
     */
    private long placeNew(BucketArray a, long home, long slotBits) {
        return a.admit() ? place(a, home, slotBits) : REFUSED;
    }

    /**
     * Waits until {@code target} admits new entries again: while it is a shrink's old array being
     * attached, until the shrink's room is granted or the attach is done; while it is a resize's
     * target, until the resize is done, migrating its blocks while
     * any are unclaimed (whatever the pace: this caller cannot go on otherwise) and backing off
     * while the last ones are being migrated by others. While the migration is held it only
     * waits: a held resize moves by its test's steps alone, and a test that keeps inserting
     * during it would otherwise finish it on the first insert the target refuses.
     */
    private void awaitOpen(BucketArray target) {
        Runnable hook = awaitingRoom;
        if (hook != null) {
            hook.run();
        }
        for (int spins = 0; !target.admitsAll() && !target.hasRoom(); spins++) {
            BucketArray c = open();
            if (c.next != target || pacing.held() || !help(c)) {
                backoff(spins);
            }
        }
    }

    /** Copies a frozen word into the next array, which is sized for every entry of the old one. */
    private void placeCopy(BucketArray n, long slotBits) {
        if (place(n, n.home(hash(slotBits & FRAME_MASK)), slotBits) < 0) {
            throw new IllegalStateException("resize target full at " + n.buckets + " buckets");
        }
    }

    /** The array is full: start a grow (or join the running resize) so the retry lands in a larger array. */
    private void growBecauseFull(BucketArray a) {
        if (!a.admitsAll()) {
            awaitOpen(a); // a resize's target: it grows once it is current
            return;
        }
        if (a.next == null) {
            startResize(a, a.buckets * 2);
        }
        if (a.next != null) {
            help(a);
            return;
        }
        BucketArray c = current; // a is not current: an older resize must finish first, help it
        if (c != null && c.next != null) {
            help(c);
        } else {
            Thread.onSpinWait();
        }
    }

    /** Lowers the overflow counts an entry of {@code home} raised on its way to {@code slotBucket}. */
    private void releaseOverflow(BucketArray a, long home, long slotBucket) {
        for (long pos = home; pos != slotBucket; pos = a.nextBucket(pos)) {
            addOverflow(a.words, pos << 6, -1);
        }
    }

    /** Adds +1 or -1 to a bucket's overflow count; a saturated count stays saturated (it may only overstate). */
    private static void addOverflow(MemorySegment s, long off, int delta) {
        for (;;) {
            long w = (long) WORD.getAcquire(s, off);
            long ov = WordLayout.overflow(w);
            if (ov == OVERFLOW_MAX || (delta < 0 && ov == 0)) {
                return;
            }
            if (WORD.compareAndSet(s, off, w, w + delta * OVERFLOW_ONE)) {
                return;
            }
        }
    }

    /**
     * Creates the entry of an absent frame, under the lock of its home in {@code a}: the lock
     * that every insert of this frame takes until home is migrated, so two cannot both miss it.
     * While a grow runs the entry goes straight into the next array, as the kernel's inserts go
     * to the last table (rhashtable_try_insert); home is neither migrated nor copied for it.
     */
    private long insert(BucketArray a, long home, long h, long frame) {
        if (!lock(a, home)) {
            return MOVED;
        }
        BucketArray into = a.next; // read under the lock: an insert that saw none places in a, and home's migration waits for it
        if (into != null && into.buckets < a.buckets) {
            // A shrink's next array is sized for the entries it began with, and a burst of inserts
            // (a fork's page-table copy) can overfill it before the migration ends: then inserts
            // go through a migrated home, as seeds do, so each one moves the migration on.
            migrateLocked(a, home);
            return MOVED;
        }
        long displaced;
        try {
            if (find(a, home, frame) >= 0) {
                return RETRY;
            }
            if (into == null) {
                into = a;
                displaced = placeNew(a, home, layout.slot(frame, 2));
            } else {
                long nextHome = into.home(h);
                if (find(into, nextHome, frame) >= 0) {
                    return RETRY;
                }
                displaced = placeNew(into, nextHome, layout.slot(frame, 2));
            }
        } finally {
            unlock(a, home);
        }
        if (displaced == REFUSED) {
            awaitOpen(into);
            return RETRY;
        }
        if (displaced < 0) {
            growBecauseFull(into);
            return RETRY;
        }
        // the caller counts the entry (a batch once for all it made)
        if (into == a && (displaced > 0 || ((h >>> 32) & options.sizeCheckMask()) == 0)) {
            maybeGrow(a, displaced);
        }
        return 2;
    }

    /** Moves a count of spilled-1 being incremented to the spill structure, under the home lock. */
    private long spillOut(BucketArray a, long home, long frame) {
        if (!lock(a, home)) {
            return MOVED;
        }
        try {
            long off = find(a, home, frame);
            if (off < 0) {
                return RETRY;
            }
            MemorySegment s = a.words;
            long w = (long) WORD.getAcquire(s, off);
            if (!layout.holds(w, frame) || layout.count(w) != layout.spilled - 1) {
                return RETRY;
            }
            AtomicLong counter = spill.open(frame, layout.spilled);
            for (;;) {
                if (WORD.compareAndSet(s, off, w, layout.withCount(w, layout.spilled))) {
                    return layout.spilled;
                }
                w = (long) WORD.getAcquire(s, off);
                if (!layout.holds(w, frame) || layout.count(w) != layout.spilled - 1) {
                    spill.close(frame, counter); // nobody saw it: the word never said SPILLED
                    return RETRY;
                }
            }
        } finally {
            unlock(a, home);
        }
    }

    /** Decrements a spilled count that falls to the unspill level and moves it back inline, under the home lock. */
    private long unspill(BucketArray a, long home, long frame) {
        if (!lock(a, home)) {
            return MOVED;
        }
        try {
            long off = find(a, home, frame);
            if (off < 0) {
                return RETRY;
            }
            MemorySegment s = a.words;
            long w = (long) WORD.getAcquire(s, off);
            if (!layout.holds(w, frame) || layout.count(w) != layout.spilled) {
                return RETRY;
            }
            AtomicLong counter = spill.counter(frame);
            if (counter == null) {
                return RETRY;
            }
            long v = counter.get();
            if (v == SpillCounts.SEALED) {
                return RETRY;
            }
            long n = v - 1;
            if (n > layout.unspillAt) {
                return counter.compareAndSet(v, n) ? n : RETRY;
            }
            if (!counter.compareAndSet(v, SpillCounts.SEALED)) {
                return RETRY;
            }
            while (!WORD.compareAndSet(s, off, w, layout.withCount(w, n))) {
                w = (long) WORD.getAcquire(s, off); // only header bits can change while we hold the lock
            }
            spill.close(frame, counter);
            return n;
        } finally {
            unlock(a, home);
        }
    }

    // ---------------------------------------------------------------- bucket locks

    static boolean migrated(BucketArray a, long bucket) {
        return ((long) WORD.getAcquire(a.words, bucket << 6) & MIGRATED) != 0;
    }

    /** Takes a bucket's lock; false (without it) once the bucket is migrated. */
    private static boolean lock(BucketArray a, long bucket) {
        MemorySegment s = a.words;
        long off = bucket << 6;
        for (int spins = 0; ; spins++) {
            long w = (long) WORD.getAcquire(s, off);
            if ((w & MIGRATED) != 0) {
                return false;
            }
            if ((w & LOCK) == 0 && WORD.compareAndSet(s, off, w, w | LOCK)) {
                return true;
            }
            backoff(spins);
        }
    }

    private static void unlock(BucketArray a, long bucket) {
        MemorySegment s = a.words;
        long off = bucket << 6;
        WORD.getAndBitwiseAndRelease(s, off, ~LOCK);
    }

    /**
     * Locks a home bucket for seeding. While a resize runs, the bucket is migrated first (by this
     * thread, holding the lock) and false returned, so the seed happens in the next array where
     * no copy of home can still be on its way (seeding sets counts outright, it is not on any
     * hot path).
     */
    private boolean lockForSeed(BucketArray a, long home) {
        if (!lock(a, home)) {
            return false;
        }
        if (a.next != null) {
            migrateLocked(a, home);
            return false;
        }
        return true;
    }

    private static void awaitMigrated(BucketArray a, long bucket) {
        Runnable hook = awaitingMigration;
        if (hook != null) {
            hook.run();
        }
        for (int spins = 0; !migrated(a, bucket); spins++) {
            backoff(spins);
        }
    }

    private static void backoff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------- resize

    /**
     * Migrates one unclaimed block of {@code a}, if any (false when none was left); the helper
     * finishing the last block publishes the next array.
     */
    private boolean help(BucketArray a) {
        long block = a.claimBlock();
        if (block < 0) {
            return false;
        }
        long from = block * a.blockBuckets;
        long to = Math.min(a.buckets, from + a.blockBuckets);
        for (long b = from; b < to; b++) {
            if (lock(a, b)) {
                migrateLocked(a, b);
            }
        }
        if (a.finishBlock()) {
            a.next.open(); // every copy is in: the new array takes any number of inserts
            CURRENT.compareAndSet(this, a, a.next);
            resizes.incrementAndGet();
        }
        return true;
    }

    /** Moves every entry whose home is {@code b} to the next array; called holding b's lock, releases it. */
    private void migrateLocked(BucketArray a, long b) {
        copyHome(a, b);
        markMigrated(a, b);
    }

    /** Freezes every entry whose home is {@code b} and copies it into the next array, holding b's lock. */
    private void copyHome(BucketArray a, long b) {
        BucketArray n = a.next;
        MemorySegment s = a.words;
        long pos = b;
        for (long d = 0; d < a.buckets; d++) {
            long off = pos << 6;
            for (int i = 0; i < 64; i += 8) {
                for (;;) {
                    long w = (long) WORD.getAcquire(s, off + i);
                    if (WordLayout.empty(w) || (w & FROZEN) != 0 || a.home(hash(w & FRAME_MASK)) != b) {
                        break;
                    }
                    if (WORD.compareAndSet(s, off + i, w, w | FROZEN)) {
                        placeCopy(n, w & SLOT_MASK);
                        break;
                    }
                }
            }
            if (WordLayout.overflow((long) WORD.getAcquire(s, off)) == 0) {
                break;
            }
            pos = a.nextBucket(pos);
        }
    }

    /** Marks b MIGRATED and releases its lock in one CAS, once its entries are copied. */
    private static void markMigrated(BucketArray a, long b) {
        MemorySegment s = a.words;
        long hoff = b << 6;
        for (;;) {
            long w = (long) WORD.getAcquire(s, hoff);
            if (WORD.compareAndSet(s, hoff, w, (w | MIGRATED) & ~LOCK)) {
                break;
            }
        }
        // The frozen words stay: whoever meets one in a MIGRATED bucket goes on to the next array,
        // nothing inserts with this home any more (an insert holds the home lock, and one that
        // took it after the attach placed its entry in the next array), and the array is dropped
        // when the migration is done. Clearing them cost a CAS and a rehash per entry.
    }

    /**
     * Begins a resize of {@code a} to {@code buckets} that the table's own load asks for. With the
     * callers migrator the target is allocated and attached here; with the background one the
     * migrator thread allocates it (a large array costs its page faults there, not in the
     * operation that crossed the load factor, as the kernel's deferred worker allocates the next
     * bucket table), attaches it and migrates. Until it is attached the resize counts as in
     * progress and operations go on in {@code a}.
     */
    private boolean startResize(BucketArray a, long buckets) {
        if (current != a || a.resizing() || buckets == a.buckets) {
            return false;
        }
        if (callersHelp) {
            return claimAndAttach(a, buckets);
        }
        if (!a.request()) {
            return false;
        }
        Migrators.start(() -> {
            if (attachClaimed(a, buckets)) {
                migrateInBackground(a);
            }
        });
        return true;
    }

    /**
     * Begins a resize asked for through {@link ResizeControl}: the target is allocated and
     * attached in the calling thread, so the resize has begun when this returns true (as
     * rhashtable's does); with the background migrator its blocks are then migrated there.
     */
    private boolean startResizeNow(BucketArray a, long buckets) {
        if (current != a || a.resizing() || buckets == a.buckets || !claimAndAttach(a, buckets)) {
            return false;
        }
        if (!callersHelp) {
            Migrators.start(() -> migrateInBackground(a));
        }
        return true;
    }

    /** Claims the one resize out of {@code a} and attaches its target: false if another thread claimed it first, or as {@link #attachClaimed}. */
    private boolean claimAndAttach(BucketArray a, long buckets) {
        return a.request() && attachClaimed(a, buckets);
    }

    /**
     * {@link #attach} by the thread holding the claim ({@link BucketArray#request}); a claim whose
     * target was not attached is withdrawn, so a later check may ask again.
     */
    private boolean attachClaimed(BucketArray a, long buckets) {
        boolean attached = false;
        try {
            attached = attach(a, buckets);
        } finally {
            if (!attached) {
                a.withdrawRequest();
            }
        }
        return attached;
    }

    /**
     * Allocates the target and attaches it to {@code a}; false when a shrink does not fit: the
     * counted entries and the margin for the count's lag must stay below the load factor of the
     * target and leave {@link #TARGET_FILL} of it for the copies (entries may have come in between
     * a background request and its attach; the table then stays as it is, and a later check may
     * shrink it). So a table of a few buckets never shrinks.
     *
     * <p>A shrink's copies are the entries of {@code a} at the attach, and inserts into {@code a}
     * go on until then: for the allocation (milliseconds for a large target), and for as long as
     * the attaching thread is descheduled, which on a 2-core machine is long enough for a fork's
     * page-table copy to fill {@code a}. So {@code a} first admits no new entry, then the entries
     * are counted (no insert can slip in between the count and the bound), then it admits only
     * the new entries the target has room for beside the counted ones; what is left of that room
     * at the attach becomes the target's room for its own new entries. An insert refused
     * meanwhile waits, for the room or for the attach (then it goes on into the target).
     */
    private boolean attach(BucketArray a, long buckets) {
        boolean shrink = buckets < a.buckets;
        try {
            if (shrink) {
                a.bound(0);
                long room = shrinkRoom(buckets * BucketArray.SLOTS);
                Runnable hook = afterShrinkCheck;
                if (hook != null) {
                    hook.run();
                }
                if (room < 0) {
                    return false;
                }
                a.grant(room);
            }
            BucketArray n = new BucketArray(buckets, options.blockBuckets());
            n.bound(shrink ? a.takeRoom() : growRoom(a, n));
            return a.attachNext(n);
        } finally {
            if (shrink) {
                a.open(); // its refused inserts go on, into the target (or into a if none was attached)
            }
        }
    }

    /**
     * Waits while a resize of {@code a} is claimed but its target not yet attached (an
     * allocation: milliseconds at most). A claim given up (a shrink that no longer fitted) is
     * withdrawn, and the array stays current with no resize.
     */
    private void awaitAttached(BucketArray a) {
        for (int spins = 0; a.requested && a.next == null && current == a; spins++) {
            backoff(spins);
        }
    }

    /**
     * The background migrator of the resize out of {@code a}: claims and migrates blocks at the
     * pace ({@link HelpPacing#pauseAfterUnit}, as rhashtable's worker), waits while the migration is held, and ends when
     * every block is claimed (the last helper publishes the new array) or the table is closed.
     */
    private void migrateInBackground(BucketArray a) {
        long due = System.nanoTime();
        while (current == a) {
            if (pacing.held()) {
                LockSupport.parkNanos(HELD_POLL_NANOS);
                due = System.nanoTime();
                continue;
            }
            if (!help(a)) {
                return;
            }
            due = HelpPacing.pauseAfterUnit(pacing.nanos(), due, MIN_SLEEP_NANOS);
        }
    }

    /**
     * The new entries a grow's target admits before its migration is done: the slots up to
     * {@link #TARGET_FILL} of it that the copies cannot need. The copies are at most the old
     * array's slots, a bound that holds whatever the counts say.
     */
    private static long growRoom(BucketArray a, BucketArray n) {
        return Math.max(0, (long) (n.buckets * BucketArray.SLOTS * TARGET_FILL) - a.buckets * BucketArray.SLOTS);
    }

    /**
     * The new entries a shrink to {@code targetSlots} may admit (into the old array until its
     * target is attached, then into the target) beside the copies: the slots up to
     * {@link #TARGET_FILL} less the counted entries and {@link #countLagMargin}; negative when the
     * shrink does not fit, or the entries would be above the target's load factor.
     */
    private long shrinkRoom(long targetSlots) {
        long e = entries.sum();
        if (e > targetSlots * options.loadFactor()) {
            return -1;
        }
        return (long) (targetSlots * TARGET_FILL) - e - countLagMargin(targetSlots);
    }

    /**
     * How far the entry count may lag behind the entries in the table: every insert counts its
     * entry right after placing it, so by one per inserting thread; the margin is a sixteenth of
     * a shrink's target and at least 64 (inserting threads).
     */
    private static long countLagMargin(long targetSlots) {
        return Math.max(targetSlots / 16, 64);
    }

    private void maybeGrow(BucketArray a, long displaced) {
        if (a.resizing()) {
            return;
        }
        double load = (double) entries.sum() / (a.buckets * BucketArray.SLOTS);
        // A long displacement alone is normal near the load factor; it grows early only when it
        // comes well before it (clustered hashes), so misses keep stopping at home.
        if (load > options.loadFactor()
                || (displaced > options.probeLimit() && load > options.loadFactor() * 0.75)) {
            startResize(a, a.buckets * 2);
        }
    }

    private void maybeShrink(BucketArray a) {
        if (!options.automaticShrinking() || a.resizing() || a.buckets <= options.minBuckets()) {
            return;
        }
        long e = entries.sum();
        if (e < a.buckets * BucketArray.SLOTS * options.shrinkLoad()) {
            startResize(a, shrinkTarget(a, e));
        }
    }

    private long shrinkTarget(BucketArray a, long e) {
        long target = (long) Math.ceil(e / (BucketArray.SLOTS * options.loadFactor() / 2));
        return Math.min(a.buckets, Math.max(options.minBuckets(), target));
    }

    private BucketArray open() {
        BucketArray a = current;
        if (a == null) {
            throw new IllegalStateException("table is closed");
        }
        return a;
    }

    @Override
    public Optional<ResizeControl> resizeControl() {
        return Optional.of(new ResizeControl() {
            @Override
            public boolean startGrow() {
                BucketArray a = open();
                return startResizeNow(a, a.buckets * 2);
            }

            @Override
            public boolean startShrink() {
                BucketArray a = open();
                long target = Math.max(options.minBuckets(), a.buckets / 2);
                if (target >= a.buckets || entries.sum() > target * BucketArray.SLOTS * options.loadFactor()) {
                    return false;
                }
                return startResizeNow(a, target);
            }

            @Override
            public boolean inProgress() {
                return open().resizing();
            }

            @Override
            public boolean callersMigrate() {
                // callers: updates that find a next array migrate a block first (paced: one per
                // interval); background: a migrator thread does, pausing between blocks
                return callersHelp;
            }

            @Override
            public long migrationUnits() {
                return current.blocks; // migration is claimed and paced a block of buckets at a time
            }

            @Override
            public void pace(long nanos) {
                pacing.set(nanos);
            }

            @Override
            public void hold() {
                pacing.hold();
            }

            @Override
            public boolean step() {
                BucketArray a = open();
                awaitAttached(a);
                return a.next != null && help(a);
            }

            @Override
            public void awaitQuiescent() throws InterruptedException {
                for (;;) {
                    BucketArray a = open();
                    awaitAttached(a);
                    if (a.next == null) {
                        return;
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (a.claimed < a.blocks) {
                        help(a);
                    } else {
                        Thread.sleep(0, 100_000);
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- accounting

    @Override
    public long entries() {
        return entries.sum();
    }

    @Override
    public Footprint footprint() {
        BucketArray a = open();
        BucketArray n = a.next;
        long spilled = spill.size();
        Footprint.Builder b = Footprint.builder()
                .modeled("buckets", a.bytes())
                .modeled("overflow", spilled * SpillCounts.MODELED_BYTES_PER_COUNT)
                .jvm("buckets", a.bytes())
                .jvm("overflow", spilled * SpillCounts.JVM_BYTES_PER_COUNT);
        if (n != null) {
            b.modeled("resizeTarget", n.bytes()).jvm("resizeTarget", n.bytes());
        }
        return b.build();
    }

    @Override
    public TableStats stats() {
        BucketArray a = open();
        MemorySegment s = a.words;
        long count = 0;
        long probeSum = 0;
        long maxProbe = 0;
        long saturated = 0;
        long displaced = 0;
        long overflowing = 0;
        for (long pos = 0; pos < a.buckets; pos++) {
            long off = pos << 6;
            long ov = WordLayout.overflow((long) WORD.getAcquire(s, off));
            if (ov == OVERFLOW_MAX) {
                saturated++;
            }
            if (ov > 0) {
                overflowing++;
            }
            for (int i = 0; i < BucketArray.SLOTS; i++) {
                long w = (long) WORD.getAcquire(s, off + 8L * i);
                if (WordLayout.empty(w) || (w & FROZEN) != 0) {
                    continue;
                }
                long home = a.home(hash(w & FRAME_MASK));
                long d = pos >= home ? pos - home : pos + a.buckets - home;
                long probe = d * BucketArray.SLOTS + i + 1;
                count++;
                probeSum += probe;
                maxProbe = Math.max(maxProbe, probe);
                if (d > 0) {
                    displaced++;
                }
            }
        }
        return new TableStats(entries.sum(), a.buckets * BucketArray.SLOTS, resizes.get(), a.resizing(),
                count == 0 ? 0 : (double) probeSum / count, maxProbe,
                java.util.Map.of("buckets", a.buckets, "displacedEntries", displaced,
                        "bucketsWithOverflow", overflowing,
                        "saturatedOverflowCounts", saturated, "spilledCounts", spill.size(),
                        "inlineBits", (long) layout.inlineBits,
                        "vectorScan", scan instanceof ScalarBucketScan ? 0L : 1L));
    }

    /** For tests: {@link BucketInvariants#check} on the current array, which must be at rest. */
    void checkInvariants() {
        BucketInvariants.check(open(), this::hash, layout, entries.sum());
    }

    /**
     * For tests: places {@code frame} with {@code count} (inline) in the current array as an
     * insert does that locked its home before a resize attached the next array and placed after
     * it; the entry is counted.
     */
    void placeInCurrent(long frame, long count) {
        BucketArray a = open();
        if (place(a, a.home(hash(frame)), layout.slot(frame, count)) < 0) {
            throw new IllegalStateException("full");
        }
        entries.increment();
    }

    /**
     * For tests: the first half of migrating {@code frame}'s home, as a migrator stopped before
     * its last step: the home is locked, its entries frozen and copied into the next array, and
     * the home not yet marked MIGRATED. {@link #markMigrated} is the second half.
     */
    void copyHomeWithoutMarking(long frame) {
        BucketArray a = open();
        long b = a.home(hash(frame));
        if (!lock(a, b)) {
            throw new IllegalStateException("home already migrated");
        }
        copyHome(a, b);
    }

    /** For tests: marks {@code frame}'s home MIGRATED and unlocks it, after {@link #copyHomeWithoutMarking}. */
    void markMigrated(long frame) {
        BucketArray a = open();
        markMigrated(a, a.home(hash(frame)));
    }

    /** How many buckets of the current array are marked MIGRATED (0 when no resize runs), for tests. */
    long migratedHomes() {
        BucketArray a = open();
        long n = 0;
        for (long b = 0; b < a.buckets; b++) {
            if (migrated(a, b)) {
                n++;
            }
        }
        return n;
    }

    /** The overflow count of {@code frame}'s home bucket, for tests. */
    long homeOverflow(long frame) {
        BucketArray a = open();
        return WordLayout.overflow((long) WORD.getAcquire(a.words, a.home(hash(frame)) << 6));
    }

    /** See {@link AccessWalk}: the loads and touches {@code op} would make, on the arrays as they are now. */
    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        Frames.check(frame);
        AccessWalk.walk(open(), hash(frame), frame, op, layout, trace);
    }

    @Override
    public void close() {
        // The arrays live in automatic arenas: dropping the last reference releases them.
        current = null;
    }
}
