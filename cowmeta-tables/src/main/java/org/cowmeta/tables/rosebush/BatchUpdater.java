package org.cowmeta.tables.rosebush;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The batch calls, done the way the design allows: hash every frame and load every frame's bucket
 * pointer first (all loads of the batch before any is resolved), sort the frames so that those
 * sharing a bucket are adjacent, then lock each bucket once for its whole group.
 *
 * <p>Frames that share a bucket share the low bits of their hash, so sorting by the bit-reversed
 * hash makes every bucket's frames contiguous whatever its stride. One re-check per group suffices:
 * while we hold the bucket's lock nobody can split it, so if it is current for one frame of the
 * group it is current for all. A group whose bucket was split meanwhile, and a frame that finds the
 * bucket full, falls back to the single-frame path, which splits and retries; so the batch stays
 * correct during splits. Each frame's update is linearizable on its own, as the contract asks.
 */
final class BatchUpdater {
    private static final long PENDING = 1L << 31;
    /** A frame whose slot this batch reserved on its first visit to the bucket (rbh_reserve): its second visit fills it. */
    private static final long RESERVED = 1L << 30;
    private static final int INDEX_BITS = 0x3fff_ffff;

    private final Rosebush bush;
    private final FrameHash hasher;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    BatchUpdater(Rosebush bush, FrameHash hasher) {
        this.bush = bush;
        this.hasher = hasher;
    }

    /** Per-thread arrays reused across batches; they grow, they are never allocated per call. */
    private static final class Scratch {
        int[] hashes = new int[0];
        Bucket[] buckets = new Bucket[0];
        long[] keys = new long[0];
        long[] released = new long[0];

        void ensure(int n) {
            if (hashes.length < n) {
                int size = Math.max(n, 2 * hashes.length);
                hashes = new int[size];
                buckets = new Bucket[size];
                keys = new long[size];
                released = new long[size];
            }
        }
    }

    void incrementAll(long[] frames, int from, int to) {
        int n = to - from;
        Scratch s = prepare(frames, from, n);
        for (int i = 0; i < n; ) {
            int j = groupEnd(s, i, n);
            Bucket b = s.buckets[index(s.keys[i])];
            boolean reserved = false;
            if (lockGroup(b, s.hashes[index(s.keys[i])])) {
                try {
                    for (int m = i; m < j; m++) {
                        int k = index(s.keys[m]);
                        long c = bush.reserveThenUse ? bush.incrementOrReserveLockedIn(b, s.hashes[k], frames[from + k])
                                : bush.incrementLockedIn(b, s.hashes[k], frames[from + k]);
                        if (c == 0) {
                            s.keys[m] |= PENDING; // full: the single path splits
                        } else if (c < 0) {
                            s.keys[m] |= RESERVED;
                            reserved = true;
                        }
                    }
                } finally {
                    b.unlock();
                }
            } else {
                markPending(s, i, j);
            }
            if (reserved) {
                useReservations(b, s, i, j, frames, from);
            }
            for (int m = i; m < j; m++) {
                if ((s.keys[m] & PENDING) != 0) {
                    int k = index(s.keys[m]);
                    bush.increment(s.hashes[k], frames[from + k]);
                }
            }
            i = j;
        }
        Arrays.fill(s.buckets, 0, n, null);
    }

    void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        int n = to - from;
        Scratch s = prepare(frames, from, n);
        for (int i = 0; i < n; ) {
            int j = groupEnd(s, i, n);
            Bucket b = s.buckets[index(s.keys[i])];
            int gone = 0;
            if (lockGroup(b, s.hashes[index(s.keys[i])])) {
                try {
                    for (int m = i; m < j; m++) {
                        int k = index(s.keys[m]);
                        long f = frames[from + k];
                        if (bush.decrementLockedIn(b, s.hashes[k], f) == 0) {
                            s.released[gone++] = f;
                        }
                    }
                } finally {
                    b.unlock();
                }
            } else {
                for (int m = i; m < j; m++) {
                    int k = index(s.keys[m]);
                    long f = frames[from + k];
                    if (bush.decrement(s.hashes[k], f) == 0) {
                        s.released[gone++] = f;
                    }
                }
            }
            for (int r = 0; r < gone; r++) {
                released.accept(s.released[r]); // outside the lock: the consumer may call back in
            }
            i = j;
        }
        Arrays.fill(s.buckets, 0, n, null);
    }

    /**
     * The second visit of the frames the first one reserved (rbh_use, inside the caller's lock):
     * one lock for the group again, or, if the bucket was split in between, each on its own.
     */
    private void useReservations(Bucket b, Scratch s, int i, int j, long[] frames, int from) {
        int h0 = s.hashes[index(s.keys[i])];
        if (lockGroup(b, h0)) {
            try {
                for (int m = i; m < j; m++) {
                    if ((s.keys[m] & RESERVED) != 0) {
                        int k = index(s.keys[m]);
                        bush.useLockedIn(b, s.hashes[k], frames[from + k]);
                    }
                }
            } finally {
                b.unlock();
            }
            return;
        }
        for (int m = i; m < j; m++) {
            if ((s.keys[m] & RESERVED) != 0) {
                int k = index(s.keys[m]);
                bush.useLocked(s.hashes[k], frames[from + k]);
            }
        }
    }

    private Scratch prepare(long[] frames, int from, int n) {
        Scratch s = scratch.get();
        s.ensure(n);
        if (bush.root == null) {
            bush.resizer.createInitial();
        }
        PointerTable t = bush.root;
        for (int k = 0; k < n; k++) {
            int h = hasher.hash(frames[from + k]);
            s.hashes[k] = h;
            s.buckets[k] = t.bucket(h);
        }
        for (int k = 0; k < n; k++) {
            s.keys[k] = ((long) Integer.reverse(s.hashes[k]) << 32) | k;
        }
        Arrays.sort(s.keys, 0, n);
        return s;
    }

    private static int groupEnd(Scratch s, int i, int n) {
        Bucket b = s.buckets[index(s.keys[i])];
        int j = i + 1;
        while (j < n && s.buckets[index(s.keys[j])] == b) {
            j++;
        }
        return j;
    }

    /** Locks b once for the group and checks it is still current; false (not locked) otherwise. */
    private boolean lockGroup(Bucket b, int h) {
        Rosebush.runHook(bush.beforeLock);
        if (!bush.acquire(b, h)) {
            return false;
        }
        if (bush.root.bucket(h) == b) {
            return true;
        }
        b.unlock();
        return false;
    }

    private static void markPending(Scratch s, int i, int j) {
        for (int m = i; m < j; m++) {
            s.keys[m] |= PENDING;
        }
    }

    private static int index(long key) {
        return (int) key & INDEX_BITS;
    }
}
