package org.cowmeta.tables.rosebush;

import org.cowmeta.tables.KernelSizes;

/**
 * Rosebush in the kernel (x86-64): byte offsets inside a bucket, allocation sizes, and the modeled
 * addresses that traces use. Only the equality of cache lines matters for a trace, so buckets and
 * counters get addresses from their identity hash inside separate regions.
 */
final class KernelLayout {
    /** {@code struct rbh}: a 4-byte spinlock, padding, the tagged table word. */
    static final int ROOT_BYTES = 16;
    static final long ROOT_ADDRESS = 0x1000;
    static final long ROOT_TABLE_WORD = ROOT_ADDRESS + 8;

    static final int HASHES_OFFSET = 0;
    static final int HASHES_BYTES = 4 * Bucket.ENTRIES;           // 80: lines 0 and 1
    static final int SLOTS_OFFSET = HASHES_OFFSET + HASHES_BYTES; // 80..239
    static final int OWNER_OFFSET = SLOTS_OFFSET + 8 * Bucket.ENTRIES; // 240
    static final int LOCK_OFFSET = OWNER_OFFSET + 8;              // 248
    static final int CONTENTION_OFFSET = LOCK_OFFSET + 4;         // 252
    static final int BUCKET_BYTES = CONTENTION_OFFSET + 4;        // 256: kmalloc-256, 4 lines
    /** {@code struct rbh_initial_table}: two buckets in one allocation. */
    static final int INITIAL_TABLE_BYTES = 2 * BUCKET_BYTES;
    /** {@code struct { u64 frame; u64 count; }}, what a lookup reads. */
    static final int COUNTER_BYTES = 16;
    /**
     * The counter as allocated: with the 16-byte {@code rcu_head} that {@code kfree_rcu} needs
     * (the 2 → 1 removal runs under the page-table lock, atomic context, where
     * {@code kfree_rcu_mightsleep} may not be used; readers may still read an unlinked counter's
     * frame and count, so the head cannot overlap them): 32 B, kmalloc-32.
     */
    static final int COUNTER_ALLOCATED_BYTES = COUNTER_BYTES + 16;

    static final long BUCKET_REGION = 2L << 44;
    static final long COUNTER_REGION = 3L << 44;
    /** Where a counter the operation would allocate lands: a fresh, cold line. */
    static final long NEW_COUNTER_ADDRESS = 4L << 44;

    private KernelLayout() {}

    static long bucketAddress(PointerTable t, Bucket b, int hash) {
        if (t.inline) {
            return t.modeledAddress + (long) (hash & 1) * BUCKET_BYTES;
        }
        return BUCKET_REGION + (System.identityHashCode(b) & 0x7fff_ffffL) * BUCKET_BYTES;
    }

    static long counterAddress(Counter c) {
        return COUNTER_REGION + (System.identityHashCode(c) & 0x7fff_ffffL) * COUNTER_BYTES;
    }

    static long tableBytes(PointerTable t) {
        if (t == null) {
            return 0;
        }
        return t.inline ? KernelSizes.kmalloc(INITIAL_TABLE_BYTES) : KernelSizes.kvmalloc(8L * t.size());
    }

    static long bucketBytes(long buckets) {
        return buckets * KernelSizes.kmalloc(BUCKET_BYTES);
    }

    static long counterBytes(long counters) {
        return counters * KernelSizes.kmalloc(COUNTER_ALLOCATED_BYTES);
    }
}
