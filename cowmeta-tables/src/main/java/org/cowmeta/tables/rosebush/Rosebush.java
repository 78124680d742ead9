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

    /** The resize protocol's view of the root: the pointer array with its mask, kind and modeled address. */
    volatile PointerTable root;
    /**
     * The root word as lookups read it: the pointer array itself (its length is the kernel's
     * mask + 1), published after {@link #root}, so a lookup goes root → array entry → bucket →
     * counter, the kernel's dependent loads, without the holder object between.
     */
    volatile Bucket[] rootArray;
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

    /** Publishes a new pointer array: the resize view first, then the lookups' word (under the resize lock). */
    void publish(PointerTable t) {
        root = t;
        rootArray = t.entries;
    }

    /**
     * rbh_reserve's placeholder in a slot: a reserved position has its hash published (so no
     * other insert takes it and a split moves it) and this in its slot, whose frame no lookup
     * matches and whose count is never live.
     */
    static final Counter RESERVED = new Counter(-1);

    /**
     * Whether an insert reserves its slot first and fills it in a second visit
     * (rbh_reserve/rbh_use), as a kernel caller inserting under a spinlock must: a v2 insert may
     * split a bucket or double the pointer array, allocating with GFP_KERNEL, which may sleep.
     */
    final boolean reserveThenUse;

    Rosebush(int maxTableBits) {
        this(maxTableBits, true);
    }

    Rosebush(int maxTableBits, boolean reserveThenUse) {
        this.resizer = new Resizer(this, maxTableBits);
        this.reserveThenUse = reserveThenUse;
    }

    // ------------------------------------------------------------------ lookups, no lock

    /** The count of the frame, 1 if it has no live counter. */
    long get(int h, long frame) {
        for (;;) {
            Bucket[] t = rootArray;
            if (t == null) {
                return 1;
            }
            Bucket b = PointerTable.bucket(t, h);
            for (int m = b.matches(h); m != 0; m &= m - 1) {
                Counter c = b.slot(Integer.numberOfTrailingZeros(m));
                if (c != null && c.frame == frame) {
                    long k = c.count;
                    if (k >= 2) {
                        return k;
                    }
                }
            }
            if (PointerTable.bucket(rootArray, h) == b) {
                return 1;
            }
        }
    }

    /** Increments; present frames by a lock-free CAS, absent ones through the locked insert. */
    long increment(int h, long frame) {
        Bucket[] t = rootArray;
        if (t != null) {
            Bucket b = PointerTable.bucket(t, h);
            for (int m = b.matches(h); m != 0; m &= m - 1) {
                Counter c = b.slot(Integer.numberOfTrailingZeros(m));
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
            Bucket[] t = rootArray;
            if (t == null) {
                return 0;
            }
            Bucket b = PointerTable.bucket(t, h);
            for (int m = b.matches(h); m != 0; m &= m - 1) {
                Counter c = b.slot(Integer.numberOfTrailingZeros(m));
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
            if (PointerTable.bucket(rootArray, h) == b) {
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
        if (reserveThenUse) {
            return reserveThenUse(h, frame);
        }
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
        for (int m = b.matches(h); m != 0; m &= m - 1) {
            Counter c = b.slotPlain(Integer.numberOfTrailingZeros(m));
            if (c.frame == frame) {
                return c.incrementAndGet();
            }
        }
        int free = b.freePositions(h);
        if (free == 0) {
            return 0;
        }
        publish(b, Integer.numberOfTrailingZeros(free), h, new Counter(frame), 2);
        return 2;
    }

    /**
     * The insert of a kernel caller under a spinlock: rbh_reserve before the lock (may split: may
     * sleep) and rbh_use inside it (no allocation), two visits to the bucket. A frame that is
     * found present on either visit is incremented, and an unused reservation released.
     */
    private long reserveThenUse(int h, long frame) {
        for (;;) {
            Bucket b = lockCurrent(h);
            long k;
            try {
                k = incrementOrReserveLockedIn(b, h, frame);
            } finally {
                b.unlock();
            }
            if (k > 0) {
                return k;
            }
            if (k < 0) {
                break; // reserved
            }
            resizer.splitFull(b, h);
        }
        return useLocked(h, frame);
    }

    /** rbh_use: fills this thread's reservation of hash {@code h} (locks the frame's current bucket). */
    long useLocked(int h, long frame) {
        Bucket b = lockCurrent(h);
        try {
            return useLockedIn(b, h, frame);
        } finally {
            b.unlock();
        }
    }

    /**
     * With b locked and current: increments the frame's live counter, or reserves the first free
     * position for {@code h}. Returns the new count, -1 for a reservation, 0 if the bucket is full.
     */
    long incrementOrReserveLockedIn(Bucket b, int h, long frame) {
        for (int m = b.matches(h); m != 0; m &= m - 1) {
            Counter c = b.slotPlain(Integer.numberOfTrailingZeros(m));
            if (c.frame == frame) {
                return c.incrementAndGet();
            }
        }
        int free = b.freePositions(h);
        if (free == 0) {
            return 0;
        }
        int i = Integer.numberOfTrailingZeros(free);
        b.setSlot(i, RESERVED);
        b.setHash(i, h);
        return -1;
    }

    /**
     * With b locked and current and one reservation of {@code h} in it (a split carries
     * reservations along): the frame's new count. If another thread inserted the frame meanwhile,
     * its counter is incremented and the reservation released; else a new counter fills it.
     */
    long useLockedIn(Bucket b, int h, long frame) {
        int reserved = -1;
        Counter live = null;
        for (int m = b.matches(h); m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            Counter c = b.slotPlain(i);
            if (c == RESERVED) {
                if (reserved < 0) {
                    reserved = i;
                }
            } else if (c != null && c.frame == frame) {
                live = c;
            }
        }
        if (reserved < 0) {
            throw new IllegalStateException("rosebush: a reservation of hash " + Integer.toHexString(h) + " was lost");
        }
        if (live != null) {
            long k = live.incrementAndGet();
            b.setHash(reserved, ~h);
            b.setSlot(reserved, null);
            return k;
        }
        Counter c = new Counter(frame);
        b.setSlot(reserved, c);
        c.count = 2;
        entries.increment();
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
        for (int m = b.matches(h); m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            Counter c = b.slotPlain(i);
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
        for (int m = b.matches(h); m != 0; m &= m - 1) {
            int i = Integer.numberOfTrailingZeros(m);
            Counter c = b.slotPlain(i);
            if (c.frame == frame) {
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
        int free = b.freePositions(h);
        if (free == 0) {
            return false;
        }
        publish(b, Integer.numberOfTrailingZeros(free), h, new Counter(frame), count);
        return true;
    }
}
