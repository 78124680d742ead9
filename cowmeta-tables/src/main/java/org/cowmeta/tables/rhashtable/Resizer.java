package org.cowmeta.tables.rhashtable;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.cowmeta.tables.HelpPacing;
import org.cowmeta.tables.MigrationGate;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.memory.JvmLayout;

/**
 * rhashtable's resize machinery: {@code bucket_table_alloc}, {@code rhashtable_rehash_attach},
 * the deferred worker ({@code rht_deferred_worker}, {@code rhashtable_rehash_table/chain/one},
 * {@code rhashtable_shrink}) and the inserting thread's emergency rehash
 * ({@code rhashtable_insert_rehash}); plus the {@link ResizeControl} the lab drives it with.
 */
final class Resizer implements ResizeControl {
    /** Error codes of the kernel functions modeled here (0 = success). */
    private static final int EEXIST = 17;
    private static final int EAGAIN = 11;
    private static final int ECANCELED = 125;
    /** The shortest sleep of a paced worker (parking has a granularity of tens of microseconds). */
    private static final long MIN_SLEEP_NANOS = 100_000;

    private final RhashtableTable ht;
    /**
     * ht->mutex: serialises the worker and deliberate resizes. A semaphore rather than a
     * ReentrantLock, whose owner field would make the worker thread reachable from the table; not
     * a monitor, because a deliberate resize must be able to see that the worker holds it (a
     * resize of the table's own, possibly held at the gate) and give way instead of waiting.
     */
    private final Semaphore mutex = new Semaphore(1);
    private final DeferredWorker worker;
    private final AtomicInteger serials = new AtomicInteger();
    private final AtomicLong resizes = new AtomicLong();
    private final AtomicLong grows = new AtomicLong();
    private final AtomicLong shrinks = new AtomicLong();
    private final AtomicLong emergencyRehashes = new AtomicLong();
    private volatile long paceNanos;
    /** Holds the worker between buckets for tests ({@link #hold()}, {@link #step()}). */
    private final MigrationGate gate = new MigrationGate();

    Resizer(RhashtableTable ht) {
        this.ht = ht;
        this.worker = new DeferredWorker("rhashtable-worker", this::deferredWork);
    }

    /** bucket_table_alloc(): a new table with the next reproducible hash_rnd. */
    BucketTable allocate(int size) {
        int serial = serials.getAndIncrement();
        return new BucketTable(size, RhashtableModel.tableSeed(ht.params.seed(), serial), serial,
                RhashtableModel.tableAddress(serial));
    }

    /** rhashtable_last_table(). */
    static BucketTable lastTable(BucketTable t) {
        for (;;) {
            BucketTable f = t.futureAcquire();
            if (f == null) {
                return t;
            }
            t = f;
        }
    }

    void schedule() {
        worker.schedule();
    }

    /** rhashtable_rehash_attach() plus the bookkeeping of what kind of resize it began. */
    private boolean attach(BucketTable old, BucketTable next) {
        if (!old.attachFuture(next)) {
            return false;
        }
        if (next.size > old.size) {
            grows.incrementAndGet();
        } else if (next.size < old.size) {
            shrinks.incrementAndGet();
        } else {
            emergencyRehashes.incrementAndGet();
        }
        return true;
    }

    /**
     * rhashtable_insert_rehash(), called by an inserting thread (no lock held) whose chain reached
     * the elasticity or whose table is over 100%: attach a double table (above 75%) or a same-size
     * one with a new seed, and schedule the worker to migrate into it.
     */
    void insertRehash(BucketTable t) {
        BucketTable old = ht.table();
        int size = t.size;
        if (ht.growAbove75(t)) {
            size *= 2;
        } else if (old != t) {
            // "Do not schedule more than one rehash": the kernel fails this insert with -EBUSY unless
            // a future table appeared meanwhile. The contract cannot fail, so wait for the resize.
            if (t.futureAcquire() == null) {
                Thread.yield();
            }
            return;
        }
        BucketTable next = allocate(size);
        if (attach(t, next)) {
            worker.schedule();
        }
    }

    /** rht_deferred_worker(); returns true to reschedule itself. */
    private boolean deferredWork() {
        mutex.acquireUninterruptibly();
        try {
            if (worker.stopped()) {
                return false;
            }
            BucketTable t = lastTable(ht.table());
            int err = 0;
            if (ht.growAbove75(t)) {
                err = rehashAlloc(t, t.size * 2);
            } else if (ht.params.automaticShrinking() && ht.shrinkBelow30(t)) {
                err = shrink();
            }
            if (err == 0 || err == EEXIST) {
                int nerr = rehashTable();
                err = err != 0 ? err : nerr;
            }
            return err != 0 && err != ECANCELED;
        } finally {
            mutex.release();
        }
    }

    /** rhashtable_rehash_alloc(): GFP_KERNEL allocation, then attach. */
    private int rehashAlloc(BucketTable old, int size) {
        BucketTable next = allocate(size);
        return attach(old, next) ? 0 : EEXIST;
    }

    /** rhashtable_shrink(): to roundup_pow_of_two(nelems * 3 / 2), at least min_size. */
    private int shrink() {
        BucketTable old = ht.table();
        int size = shrinkTarget();
        if (old.size <= size) {
            return 0;
        }
        if (old.futureAcquire() != null) {
            return EEXIST;
        }
        return rehashAlloc(old, size);
    }

    private int shrinkTarget() {
        long n = ht.nelems();
        int size = n > 0 ? RhashtableParams.roundupPow2(n * 3 / 2) : 0;
        return Math.max(size, ht.params.minSize());
    }

    /** rhashtable_rehash_table(): migrate ht->tbl into its future bucket by bucket, then publish. */
    private int rehashTable() {
        BucketTable old = ht.table();
        BucketTable next = old.futureAcquire();
        if (next == null) {
            return 0;
        }
        long due = System.nanoTime();
        for (int i = 0; i < old.size; i++) {
            if (worker.stopped() || !gate.enter()) {
                return ECANCELED;
            }
            rehashChain(old, i);
            gate.exit();
            due = pause(due); // cond_resched()
        }
        ht.publish(next);
        // call_rcu(&old_tbl->rcu, bucket_table_free_rcu): dropping the last reference is the free.
        resizes.incrementAndGet();
        return next.futureAcquire() != null ? EAGAIN : 0;
    }

    /** rhashtable_rehash_chain(): under the old bucket's lock, move objects until it is empty. */
    private void rehashChain(BucketTable old, int i) {
        old.lock(i);
        try {
            while (rehashOne(old, i)) {
                // one object per round, always the tail
            }
        } finally {
            old.unlock(i);
        }
    }

    /**
     * rhashtable_rehash_one(): moves the tail object of old bucket i (locked) to the head of its
     * bucket in the last table (nested lock), then unlinks it from the old chain. Readers standing
     * on it follow its new next into the new chain and end on a foreign nulls marker.
     */
    private boolean rehashOne(BucketTable old, int i) {
        Counter own = old.nulls;
        Counter entry = old.firstAcquire(i);
        if (entry == own) {
            return false;
        }
        Counter pred = null;
        for (Counter n = entry.next; n != own; n = entry.next) {
            pred = entry;
            entry = n;
        }
        BucketTable next = lastTable(old);
        int j = next.index(ht.hash(entry.frame, next));
        next.lock(j);
        entry.nextRelease(next.firstAcquire(j));
        next.assignFirst(j, entry);
        next.unlock(j);
        if (pred == null) {
            old.assignFirst(i, own);
        } else {
            pred.nextRelease(own);
        }
        return true;
    }

    /**
     * The pace: one bucket per {@code paceNanos} on average. The worker sleeps once it is at least
     * {@link #MIN_SLEEP_NANOS} ahead of that schedule, so short paces are kept by sleeping after
     * a few buckets rather than by spinning (which would take a CPU from the threads measured).
     * Returns the time the next bucket is due.
     */
    private long pause(long due) {
        return HelpPacing.pauseAfterUnit(paceNanos, due, MIN_SLEEP_NANOS);
    }

    // ---- ResizeControl ---------------------------------------------------------------------

    @Override
    public boolean startGrow() {
        if (!lockUnlessResizing()) {
            return false;
        }
        try {
            for (;;) {
                BucketTable last = lastTable(ht.table());
                long size = (long) last.size * 2;
                int limit = ht.params.maxSize() == 0 ? RhashtableParams.MAX_TABLE_SIZE : ht.params.maxSize();
                if (size > limit) {
                    return false;
                }
                if (attach(last, allocate((int) size))) {
                    worker.schedule();
                    return true;
                }
            }
        } finally {
            mutex.release();
        }
    }

    @Override
    public boolean startShrink() {
        if (!ht.params.automaticShrinking()) {
            return false;
        }
        if (!lockUnlessResizing()) {
            return false;
        }
        try {
            for (;;) {
                BucketTable last = lastTable(ht.table());
                int size = shrinkTarget();
                if (size >= last.size) {
                    return false;
                }
                if (attach(last, allocate(size))) {
                    worker.schedule();
                    return true;
                }
            }
        } finally {
            mutex.release();
        }
    }

    /**
     * Takes ht->mutex for a deliberate resize, or returns false when a resize of the table's own
     * is under way: the worker then holds the mutex for the whole rehash, and while a test holds
     * the gate it waits there, so waiting for the mutex here would never end.
     */
    private boolean lockUnlessResizing() {
        while (!mutex.tryAcquire()) {
            if (inProgress()) {
                return false;
            }
            Thread.yield(); // the worker holds it only to find nothing to do
        }
        return true;
    }

    @Override
    public boolean inProgress() {
        return ht.table().futureAcquire() != null || worker.busy();
    }

    @Override
    public boolean callersMigrate() {
        return false; // the deferred worker migrates, as in the kernel
    }

    @Override
    public long migrationUnits() {
        return ht.table().size; // the worker migrates one old bucket at a time
    }

    @Override
    public void pace(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("pace must not be negative: " + nanos);
        }
        paceNanos = nanos;
        gate.open();
    }

    @Override
    public void hold() {
        gate.hold();
    }

    @Override
    public boolean step() throws InterruptedException {
        return gate.step(this::inProgress);
    }

    @Override
    public void awaitQuiescent() throws InterruptedException {
        while (inProgress()) {
            Throwable failed = worker.failure();
            if (failed != null) {
                throw new IllegalStateException("the rhashtable worker failed", failed);
            }
            if (worker.stopped()) {
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    long resizes() {
        return resizes.get();
    }

    long grows() {
        return grows.get();
    }

    long shrinks() {
        return shrinks.get();
    }

    long emergencyRehashes() {
        return emergencyRehashes.get();
    }

    Throwable workerFailure() {
        return worker.failure();
    }

    Thread workerThread() {
        return worker.thread();
    }

    boolean workerStarted() {
        return worker.everStarted();
    }

    void close() {
        gate.open(); // a held worker must be able to see the stop
        worker.stop();
    }

    /** JVM bytes of this object and what it alone holds (lock, counters, worker; not the thread). */
    static long jvmBytes() {
        long self = JvmLayout.instance(1, 0, 9, 0);
        // The mutex: a Semaphore (its sync) and its NonfairSync (AQS: state, head, tail, owner).
        long monitor = JvmLayout.instance(0, 0, 1, 0) + JvmLayout.instance(0, 1, 3, 0);
        long atomics = JvmLayout.instance(0, 1, 0, 0) + 4 * JvmLayout.instance(1, 0, 0, 0);
        long gate = JvmLayout.instance(1, 0, 0, 2); // a long and two booleans
        return self + monitor + atomics + gate + DeferredWorker.jvmBytes();
    }
}
