package org.cowmeta.tables.rosebush;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Rosebush data structure holding {@link Counter} pointers: the root (resize lock plus one
 * published {@link PointerTable}), the lock-free lookup, and the locked insert and remove of the
 * patch, specialised to reference counts. {@link RosebushTable} adapts it to the contract.
 *
 * <p>Linearizability (why lookups need no lock). Invariants: (1) a frame has at most one live
 * counter (count >= 2) at any time, because a counter is inserted only under the lock of the
 * frame's current bucket after a scan found none; (2) a live counter sits in the frame's current
 * bucket with its hash published, because its count becomes 2 only after the hash is written and
 * drops to 0 before the hash is freed; (3) a bucket that is no longer current never changes again:
 * every writer re-checks, under the bucket lock, that the bucket is still current, and a split
 * copies the bucket under that same lock. So a lookup that reads count k >= 2 returns the frame's
 * count at that instant; a lookup that scans the whole bucket, finds nothing live, and then sees
 * that the bucket is still current can be linearized at that re-check. If the bucket was replaced
 * it rescans the new one; the patch's rbh_next does not, and by (3) the frozen bucket would indeed
 * already be a valid snapshot, but the rescan costs two loads from lines already in cache. Count changes between 2 and more are lock-free CASes on the counter (the way a kernel
 * user would do {@code refcount_inc_not_zero} on an object found under RCU); only 1 -> 2 (insert)
 * and 2 -> 1 (remove) take the bucket lock. The JVM's garbage collector stands in for RCU: a reader
 * still holding a replaced bucket or pointer array keeps it alive.
 */
final class Rosebush {
    /** The patch's ad-hoc numbers: a contended lock adds 10, an uncontended one subtracts 1. */
    static final int CONTENDED_PENALTY = 10;
    static final int CONTENTION_SPLIT_THRESHOLD = 5000;

    volatile PointerTable root;
    final ReentrantLock resizeLock = new ReentrantLock();
    final Resizer resizer;

    final LongAdder entries = new LongAdder();
    final AtomicLong buckets = new AtomicLong();
    final AtomicLong splits = new AtomicLong();
    final AtomicLong contentionSplits = new AtomicLong();
    final AtomicLong doublings = new AtomicLong();
    final AtomicLong contendedLocks = new AtomicLong();
    final AtomicInteger resizing = new AtomicInteger();

    /** Test hook: runs when a writer failed its trylock and is about to spin. Null in production. */
    volatile Runnable beforeContendedSpin;
    /**
     * Test hook: runs in a locking writer between reading its bucket pointer and taking the lock,
     * so a test can split the bucket in exactly that window. Null in production (slow path only).
     */
    volatile Runnable beforeLock;

    Rosebush(int maxTableBits) {
        this.resizer = new Resizer(this, maxTableBits);
    }

    // ------------------------------------------------------------------ lookups, no lock

    /** The count of the frame, 1 if it has no live counter. */
    long get(int h, long frame) {
        for (;;) {
            PointerTable t = root;
            if (t == null) {
                return 1;
            }
            Bucket b = t.bucket(h);
            for (int i = 0; i < Bucket.ENTRIES; i++) {
                if (b.hash(i) != h) {
                    continue;
                }
                Counter c = b.slot(i);
                if (c != null && c.frame == frame) {
                    long k = c.count;
                    if (k >= 2) {
                        return k;
                    }
                }
            }
            if (root.bucket(h) == b) {
                return 1;
            }
        }
    }

    /** Increments; present frames by a lock-free CAS, absent ones through the locked insert. */
    long increment(int h, long frame) {
        PointerTable t = root;
        if (t != null) {
            Bucket b = t.bucket(h);
            for (int i = 0; i < Bucket.ENTRIES; i++) {
                if (b.hash(i) != h) {
                    continue;
                }
                Counter c = b.slot(i);
                if (c != null && c.frame == frame) {
                    for (long k = c.count; k >= 2; k = c.count) {
                        if (c.casCount(k, k + 1)) {
                            return k + 1;
                        }
                    }
                }
            }
        }
        return insertOrIncrementLocked(h, frame);
    }

    /** Decrements; above 2 by a lock-free CAS, 2 -> 1 through the locked remove; absent -> 0. */
    long decrement(int h, long frame) {
        for (;;) {
            PointerTable t = root;
            if (t == null) {
                return 0;
            }
            Bucket b = t.bucket(h);
            for (int i = 0; i < Bucket.ENTRIES; i++) {
                if (b.hash(i) != h) {
                    continue;
                }
                Counter c = b.slot(i);
                if (c != null && c.frame == frame) {
                    for (long k = c.count; k >= 2; k = c.count) {
                        if (k == 2) {
                            return decrementLocked(h, frame);
                        }
                        if (c.casCount(k, k - 1)) {
                            return k - 1;
                        }
                    }
                }
            }
            if (root.bucket(h) == b) {
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ locked writers

    /**
     * Locks the frame's current bucket: trylock first (an uncontended acquisition decays the
     * contention counter), else spin and add the contended penalty; past the threshold, drop the
     * lock and split the bucket. Then re-check that the bucket is still current, as the patch does.
     */
    Bucket lockCurrent(int h) {
        for (;;) {
            PointerTable t = root;
            if (t == null) {
                resizer.createInitial();
                continue;
            }
            Bucket b = t.bucket(h);
            runHook(beforeLock);
            if (!acquire(b, h)) {
                continue;
            }
            if (root.bucket(h) == b) {
                return b;
            }
            b.unlock();
        }
    }

    static void runHook(Runnable hook) {
        if (hook != null) {
            hook.run();
        }
    }

    /** Takes b's lock with contention accounting; false (lock not held) after a contention split. */
    boolean acquire(Bucket b, int h) {
        if (b.tryLock()) {
            if (b.contention > 0) {
                b.contention--;
            }
            return true;
        }
        runHook(beforeContendedSpin);
        b.lockSpinning();
        contendedLocks.incrementAndGet();
        b.contention += CONTENDED_PENALTY;
        if (b.contention > CONTENTION_SPLIT_THRESHOLD) {
            b.unlock();
            resizer.splitForContention(b, h);
            return false;
        }
        return true;
    }

    long insertOrIncrementLocked(int h, long frame) {
        for (;;) {
            Bucket b = lockCurrent(h);
            long k;
            try {
                k = incrementLockedIn(b, h, frame);
            } finally {
                b.unlock();
            }
            if (k != 0) {
                return k;
            }
            resizer.splitFull(b, h);
        }
    }

    /**
     * With b locked and current: increments the frame's live counter or inserts a new one in the
     * first free slot (slot pointer first, then the hash, then the count that makes it live).
     * Returns the new count, or 0 if the frame is absent and the bucket is full.
     */
    long incrementLockedIn(Bucket b, int h, long frame) {
        int free = -1;
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            int stored = b.hashes[i];
            if (Bucket.isFree(stored, h)) {
                if (free < 0) {
                    free = i;
                }
            } else if (stored == h) {
                Counter c = b.slots[i];
                if (c.frame == frame) {
                    return c.incrementAndGet();
                }
            }
        }
        if (free < 0) {
            return 0;
        }
        publish(b, free, h, new Counter(frame), 2);
        return 2;
    }

    private void publish(Bucket b, int i, int h, Counter c, long count) {
        b.setSlot(i, c);
        b.setHash(i, h);
        c.count = count;
        entries.increment();
    }

    long decrementLocked(int h, long frame) {
        Bucket b = lockCurrent(h);
        try {
            return decrementLockedIn(b, h, frame);
        } finally {
            b.unlock();
        }
    }

    /** With b locked and current: the new count; 2 -> 1 removes (count 0, then ~hash); absent -> 0. */
    long decrementLockedIn(Bucket b, int h, long frame) {
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            if (b.hashes[i] != h) {
                continue;
            }
            Counter c = b.slots[i];
            if (c.frame != frame) {
                continue;
            }
            for (;;) {
                long k = c.count;
                if (k > 2) {
                    if (c.casCount(k, k - 1)) {
                        return k - 1;
                    }
                } else if (c.casCount(2, 0)) {
                    release(b, i, h);
                    return 1;
                }
            }
        }
        return 0;
    }

    /**
     * Frees slot i: writes ~hash as the patch does. Java deviation: it also clears the slot pointer
     * (the patch leaves it and frees the object after an RCU grace period) so that the collector can
     * reclaim the dead counter; readers skip a null slot.
     */
    private void release(Bucket b, int i, int h) {
        b.setHash(i, ~h);
        b.setSlot(i, null);
        entries.decrement();
    }

    /** Sets the count (1 removes); exact only without concurrent updates of the same frame. */
    void seed(int h, long frame, long count) {
        for (;;) {
            Bucket b = lockCurrent(h);
            boolean full;
            try {
                full = !seedLockedIn(b, h, frame, count);
            } finally {
                b.unlock();
            }
            if (!full) {
                return;
            }
            resizer.splitFull(b, h);
        }
    }

    private boolean seedLockedIn(Bucket b, int h, long frame, long count) {
        int free = -1;
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            int stored = b.hashes[i];
            if (Bucket.isFree(stored, h)) {
                if (free < 0) {
                    free = i;
                }
            } else if (stored == h && b.slots[i].frame == frame) {
                Counter c = b.slots[i];
                if (count == 1) {
                    c.count = 0;
                    release(b, i, h);
                } else {
                    c.count = count;
                }
                return true;
            }
        }
        if (count == 1) {
            return true;
        }
        if (free < 0) {
            return false;
        }
        publish(b, free, h, new Counter(frame), count);
        return true;
    }
}
