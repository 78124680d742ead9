package org.cowmeta.tables.rhashtable;

import java.util.Arrays;

/**
 * Per-thread scratch space for the batch calls, so that a batch allocates nothing once its
 * thread has seen a batch of that size: sort keys (bucket index << 32 | position) and the frames
 * a decrement batch released.
 */
final class BatchScratch {
    /** Batches are processed in chunks of at most this many frames (Arrays.sort stays allocation-free). */
    static final int CHUNK = 4096;

    private static final ThreadLocal<BatchScratch> LOCAL = ThreadLocal.withInitial(BatchScratch::new);

    long[] keys = new long[64];
    long[] released = new long[64];
    /** Where the batch's warming loads are folded, so that they are not eliminated. */
    long sink;

    private boolean inUse;

    /**
     * This thread's scratch, sized for n frames; {@link #release()} it when done. A batch started
     * from inside another one's callback (decrementAll of a table's children when the table is
     * released) gets a fresh scratch, so the outer batch's keys are not overwritten.
     */
    static BatchScratch acquire(int n) {
        BatchScratch s = LOCAL.get();
        if (s.inUse) {
            s = new BatchScratch();
        }
        s.inUse = true;
        if (s.keys.length < n) {
            int len = Math.max(n, s.keys.length * 2);
            s.keys = new long[len];
            s.released = new long[len];
        }
        return s;
    }

    void release() {
        inUse = false;
    }

    /** Sorts the first n keys: by bucket, then by position in the batch. */
    void sort(int n) {
        Arrays.sort(keys, 0, n);
    }
}
