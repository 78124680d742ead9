package org.cowmeta.tables.rhashtable;

import org.cowmeta.tables.Frames;
import org.cowmeta.tables.Hashing;
import org.cowmeta.tables.KernelSizes;

/**
 * The kernel side of the model: x86-64 sizes of rhashtable's structures, what the allocators hand
 * out for them, and the modeled addresses access traces use.
 */
final class RhashtableModel {
    /** struct { struct rhash_head node; unsigned long frame; atomic_long_t count; }. */
    static final int OBJECT_SIZE = 24;
    /**
     * struct rcu_head (= callback_head: next and func, include/linux/types.h): what
     * {@code kfree_rcu(obj, rcu)} needs inside the object. Readers may still walk an unlinked
     * object's next, frame and count during the grace period, so it cannot overlap them.
     */
    static final int RCU_HEAD = 16;
    /**
     * struct bucket_table before its buckets: size, nest, hash_rnd (12 B), walkers (16 B at 16),
     * rcu (16 B at 32), future_tbl (8 B at 48); the bucket array is ____cacheline_aligned: +64.
     */
    static final int BUCKET_TABLE_HEADER = 64;
    static final int HASH_RND_OFFSET = 8;
    static final int FUTURE_TBL_OFFSET = 48;
    /** struct rhashtable: tbl at 0; nelems (atomic_t) after params, work, mutex and lock. */
    static final int HT_TBL_OFFSET = 0;
    static final int HT_NELEMS_OFFSET = 132;

    /** Where the struct rhashtable lives (embedded in some kernel object; one line is hot). */
    static final long HT_ADDRESS = 0x0000_1000_0000L;
    /** Bucket tables: each in its own region, so tables never share lines. */
    private static final long TABLE_REGION = 0x0100_0000_0000L;
    private static final int TABLE_REGION_SHIFT = 36;
    /** Slab pages holding the objects. */
    private static final long OBJECT_REGION = 0x4000_0000_0000L;

    private RhashtableModel() {}

    /**
     * Bytes {@code objects} counter objects occupy. With {@code kfree_rcu} each is kmalloc'ed with
     * its rcu_head: 40 B, kmalloc-64. With a {@code SLAB_TYPESAFE_BY_RCU} cache each is a 24-byte
     * slot: SLUB moves a typesafe cache's free pointer out of the object (calculate_sizes, 32 B)
     * unless the cache names a field for it ({@code kmem_cache_args.freeptr_offset}, since 6.12);
     * {@code frame} can hold it, since a freed object's frame is only compared, so the slot stays
     * 24 B, 170 to a 4 KiB slab page.
     */
    static long objectBytes(long objects, boolean typesafe) {
        if (!typesafe) {
            return objects * KernelSizes.kmalloc(OBJECT_SIZE + RCU_HEAD);
        }
        long perPage = Frames.PAGE_SIZE / OBJECT_SIZE; // a dedicated kmem_cache's slabs are single pages
        return (objects + perPage - 1) / perPage * Frames.PAGE_SIZE;
    }

    /**
     * Bytes kvmalloc/kvzalloc hands out for a bucket table of {@code size} buckets
     * (bucket_table_alloc). Up to KMALLOC_MAX_SIZE (4 MiB) kvmalloc first tries kmalloc, which
     * beyond 8 KiB is a power-of-two block of pages from the page allocator, and that usually
     * succeeds; beyond it, vmalloc, in whole pages (2 MiB-mapped on x86-64 for 2 MiB and more).
     */
    static long bucketTableBytes(long size) {
        return KernelSizes.kvmalloc(BUCKET_TABLE_HEADER + 8L * size);
    }

    static long tableAddress(int serial) {
        return TABLE_REGION + ((long) serial << TABLE_REGION_SHIFT);
    }

    /**
     * A modeled slab address for the object of {@code frame}: 32-byte slots scattered over a large
     * slab region, as objects allocated over time end up. Two objects share a cache line only when
     * their slots are neighbours, which is as rare here as in a long-running slab.
     */
    static long objectAddress(long frame) {
        long z = frame * Hashing.GOLDEN_GAMMA;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        z ^= z >>> 29;
        return OBJECT_REGION + ((z & ((1L << 36) - 1)) << 5);
    }

    /** The per-table random seed: get_random_u32() made reproducible from the configured seed. */
    static int tableSeed(long configSeed, int serial) {
        return (int) Hashing.mix64(configSeed + (serial + 1L) * Hashing.GOLDEN_GAMMA);
    }
}
