package org.cowmeta.tables.rhashtable;

import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.memory.JvmLayout;

/**
 * struct rhashtable_params as rhashtable_init() normalises it, read from a {@link TableConfig}.
 *
 * <p>Options: {@code automaticShrinking} (default false, as most kernel users), {@code minSize}
 * (default 4), {@code maxSize} (default 0 = unbounded), {@code maxElems} (default as the kernel:
 * 2^31, or 2 * maxSize when that is smaller), {@code unclampedHint} (default false). The expected
 * entries are the {@code nelem_hint}, which the kernel holds in a u16: a larger hint saturates at
 * 65535 unless {@code unclampedHint=true} (a tuning experiment the kernel cannot express).
 *
 * <p>How a kernel user would update and free the counter objects, each with two honest choices
 * ({@link RhashtableTable} describes both):
 * <ul>
 * <li>{@code update}: {@code lockless} (default) updates the count of an object found under RCU
 *     with one atomic operation and locks the bucket only to insert (1 → 2) or unlink (2 → 1);
 *     {@code locked} takes the bucket lock for every update.</li>
 * <li>{@code free}: {@code kfree_rcu} (default) frees an unlinked object after a grace period,
 *     which needs a 16-byte {@code rcu_head} in it (40 B: kmalloc-64); {@code typesafe} keeps the
 *     objects in a dedicated 24-byte {@code SLAB_TYPESAFE_BY_RCU} cache, whose memory may be
 *     reused at once, so every lookup re-checks the key after reading the count.</li>
 * </ul>
 */
final class RhashtableParams {
    // A class, not a record: JOL (the JVM-bytes check) cannot read field offsets of records.
    private final int initialSize;
    private final int minSize;
    private final int maxSize;
    private final long maxElems;
    private final boolean automaticShrinking;
    private final long seed;
    private final boolean lockless;
    private final boolean typesafe;

    private RhashtableParams(int initialSize, int minSize, int maxSize, long maxElems,
                             boolean automaticShrinking, long seed, boolean lockless, boolean typesafe) {
        this.initialSize = initialSize;
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.maxElems = maxElems;
        this.automaticShrinking = automaticShrinking;
        this.seed = seed;
        this.lockless = lockless;
        this.typesafe = typesafe;
    }

    /** Counts of objects found under RCU are updated without the bucket lock. */
    boolean lockless() {
        return lockless;
    }

    /** Objects live in a SLAB_TYPESAFE_BY_RCU cache: lookups re-check the key. */
    boolean typesafe() {
        return typesafe;
    }

    /** Buckets of the first table. */
    int initialSize() {
        return initialSize;
    }

    int minSize() {
        return minSize;
    }

    /** 0 = unbounded. */
    int maxSize() {
        return maxSize;
    }

    long maxElems() {
        return maxElems;
    }

    boolean automaticShrinking() {
        return automaticShrinking;
    }

    /** TableConfig's seed, from which every table's hash_rnd derives. */
    long seed() {
        return seed;
    }

    /** JVM bytes of this object. */
    static long jvmBytes() {
        return JvmLayout.instance(2, 3, 0, 3);
    }

    static final int HASH_DEFAULT_SIZE = 64;
    static final int HASH_MIN_SIZE = 4;
    /** Largest table this model builds (a Java array bound; the kernel's is 2^31 by unsigned int). */
    static final int MAX_TABLE_SIZE = 1 << 30;
    static final int U16_MAX = 0xFFFF;

    static RhashtableParams from(TableConfig config) {
        boolean shrink = config.booleanOption("automaticShrinking", false);
        long minOpt = config.longOption("minSize", 0);
        long maxOpt = config.longOption("maxSize", 0);
        if (minOpt < 0 || minOpt > U16_MAX) {
            throw new IllegalArgumentException("minSize must be 0 to 65535 (a u16 in the kernel), not " + minOpt);
        }
        if (maxOpt < 0 || maxOpt > MAX_TABLE_SIZE) {
            throw new IllegalArgumentException("maxSize must be 0 to 2^30, not " + maxOpt);
        }
        int minSize = minOpt == 0 ? 0 : roundupPow2(minOpt);
        int maxSize = maxOpt == 0 ? 0 : Integer.highestOneBit((int) maxOpt);
        long maxElems = 1L << 31;
        if (maxSize != 0 && maxSize < maxElems / 2) {
            maxElems = maxSize * 2L;
        }
        maxElems = config.longOption("maxElems", maxElems);
        if (maxElems < 1) {
            throw new IllegalArgumentException("maxElems must be positive, not " + maxElems);
        }
        minSize = Math.max(minSize, HASH_MIN_SIZE);

        long hint = config.expectedEntries();
        if (!config.booleanOption("unclampedHint", false)) {
            hint = Math.min(hint, U16_MAX);
        }
        int size;
        if (hint > 0) {
            size = (int) Math.min(MAX_TABLE_SIZE, Math.max(roundupPow2(hint * 4 / 3), minSize));
        } else {
            size = Math.max(HASH_DEFAULT_SIZE, minSize);
        }
        String update = config.option("update", "lockless");
        if (!update.equals("lockless") && !update.equals("locked")) {
            throw new IllegalArgumentException("update must be lockless or locked, not '" + update + "'");
        }
        String free = config.option("free", "kfree_rcu");
        if (!free.equals("kfree_rcu") && !free.equals("typesafe")) {
            throw new IllegalArgumentException("free must be kfree_rcu or typesafe, not '" + free + "'");
        }
        return new RhashtableParams(size, minSize, maxSize, maxElems, shrink, config.seed(), update.equals("lockless"),
                free.equals("typesafe"));
    }

    /** roundup_pow_of_two(n), n >= 1; capped at {@link #MAX_TABLE_SIZE}. */
    static int roundupPow2(long n) {
        if (n <= 1) {
            return 1;
        }
        if (n > MAX_TABLE_SIZE) {
            return MAX_TABLE_SIZE;
        }
        return Integer.highestOneBit((int) (n - 1)) << 1;
    }
}
