package org.cowmeta.lab.micro;

import java.util.Locale;
import java.util.SplittableRandom;
import org.cowmeta.tables.Hashing;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * The frames a micro benchmark works on, built deterministically from its parameters so that the
 * benchmark fork and the lab (which traces the deterministic cost outside the timed region) see
 * exactly the same table. Three disjoint pools of distinct frames, each in access order:
 * <ul>
 * <li>{@link #counted}: the 2^log2Size frames that are put in the table (count 2);</li>
 * <li>{@link #absent}: frames never put in (get misses; the first half) and frames inserted and
 *     removed again by the insert benchmarks (the second half);</li>
 * <li>{@link #batch}: groups of 512 frames, the children of a page table being copied.</li>
 * </ul>
 * Key sets: {@code uniform} frames spread at random over a memory 8x (at least 16 GiB) the
 * counted ones, visited in random order; {@code clustered} frames in runs of 8-64 inside 2 MiB
 * areas (about 450 per area, as real captures show about 430 shared frames per area), visited area
 * by area; {@code sequential} consecutive frames visited in order.
 * Utilisation: the table is pre-sized for {@code 2^log2Size / u} entries (low u = 1/4, medium 1/2,
 * high 1), so at high utilisation it holds exactly what it was sized for.
 */
public final class Workload {
    public static final int PAGE_TABLE_ENTRIES = 512;
    private static final int AREA = 512;

    public enum Keys {
        UNIFORM, CLUSTERED, SEQUENTIAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Keys parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public enum Utilisation {
        LOW(4), MEDIUM(2), HIGH(1);

        /** expected entries = counted frames x this */
        public final int sizing;

        Utilisation(int sizing) {
            this.sizing = sizing;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Utilisation parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public final int log2Size;
    public final Utilisation utilisation;
    public final Keys keys;
    public final long seed;
    public final long physicalFrames;
    public final long[] counted;
    public final long[] absent;
    public final long[] batch;

    private Workload(int log2Size, Utilisation u, Keys keys, long seed, long physicalFrames,
                     long[] counted, long[] absent, long[] batch) {
        this.log2Size = log2Size;
        this.utilisation = u;
        this.keys = keys;
        this.seed = seed;
        this.physicalFrames = physicalFrames;
        this.counted = counted;
        this.absent = absent;
        this.batch = batch;
    }

    public static Workload build(int log2Size, Utilisation u, Keys keys, long seed) {
        if (log2Size < 4 || log2Size > 28) {
            throw new IllegalArgumentException("log2Size must be 4..28, not " + log2Size);
        }
        int n = 1 << log2Size;
        int m = Math.max(2048, n / 2); // half misses, half inserted and removed again: room for a window of n/8
        int groups = Math.max(16, n / 2048);
        int bits = Math.max(22, log2Size + 3);
        long physical = 1L << bits;
        long[] counted = new long[n];
        long[] absent = new long[m];
        long[] batch = new long[groups * PAGE_TABLE_ENTRIES];
        switch (keys) {
            case UNIFORM -> {
                Bijection bij = new Bijection(bits, seed);
                long i = 0;
                for (int k = 0; k < n; k++) counted[k] = bij.apply(i++);
                for (int k = 0; k < m; k++) absent[k] = bij.apply(i++);
                for (int k = 0; k < batch.length; k++) batch[k] = bij.apply(i++);
            }
            case SEQUENTIAL -> {
                long f = 0;
                for (int k = 0; k < n; k++) counted[k] = f++;
                for (int k = 0; k < m; k++) absent[k] = f++;
                for (int k = 0; k < batch.length; k++) batch[k] = f++;
            }
            case CLUSTERED -> clustered(bits, seed, counted, absent, batch);
        }
        return new Workload(log2Size, u, keys, seed, physical, counted, absent, batch);
    }

    /**
     * Walks 2 MiB areas in random order; inside each, runs of 8-64 frames separated by gaps of
     * 1-8. Run frames fill the counted pool, then the batch pool; gap frames (misses next to
     * counted frames) and, once those run out, whole untouched areas fill the absent pool.
     */
    private static void clustered(int bits, long seed, long[] counted, long[] absent, long[] batch) {
        Bijection areas = new Bijection(bits - 9, seed);
        int c = 0, a = 0, b = 0;
        long area = 0;
        while (c < counted.length || a < absent.length || b < batch.length) {
            long base = areas.apply(area++) * AREA;
            SplittableRandom rnd = new SplittableRandom(seed ^ (base * Hashing.GOLDEN_GAMMA));
            boolean wholeAreaAbsent = c == counted.length && b == batch.length;
            int off = 0;
            while (off < AREA) {
                int run = 8 + rnd.nextInt(57);
                for (int k = 0; k < run && off < AREA; k++, off++) {
                    long f = base + off;
                    if (wholeAreaAbsent) {
                        if (a < absent.length) absent[a++] = f;
                    } else if (c < counted.length) {
                        counted[c++] = f;
                    } else if (b < batch.length) {
                        batch[b++] = f;
                    }
                }
                int gap = 1 + rnd.nextInt(8);
                for (int k = 0; k < gap && off < AREA; k++, off++) {
                    if (a < absent.length) absent[a++] = base + off;
                }
            }
        }
    }

    public long expectedEntries() {
        return (long) counted.length * utilisation.sizing;
    }

    public TableConfig config() {
        return TableConfig.of(physicalFrames).withExpectedEntries(expectedEntries()).withSeed(seed);
    }

    /**
     * A new table named {@code table}, sized by {@link #config()}, holding every counted frame with
     * count 2, with the fill's garbage collected.
     *
     * <p>The closing full collection settles the heap: a table whose entries are JVM objects is
     * otherwise left half in the young generation, and the first young collection inside the
     * measurement (the boxes a peer's lookups allocate fill eden within a second) moves those
     * objects mid-run. Forks then split into two populations by whether that collection fell
     * before or during the measured iterations (seen in ConcurrentHashMap's misses and rhashtable's
     * page-table copies), and a peer's median could land in either from one run to the next. After
     * a full collection every object is in the old generation, which a young collection does not
     * move.
     *
     * <p>Before that, a resize the fill started is waited for: rhashtable keeps its size hint in a
     * u16, as the kernel does, so it grows through the fill, and its last doubling (4M to 8M
     * buckets at 2^22) was still being migrated by its worker for up to a second after the last
     * insert. Benchmarks of the quiet phase then ran their first iterations during that migration,
     * at up to twice their quiet time, and a fork's figure depended on when it ended.
     */
    public RefCountTable populate(String table) {
        RefCountTable t = TableRegistry.create(table, config());
        try {
            fill(t);
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Inserts every counted frame into {@code t}, waits for its resizes, then collects the garbage. */
    void fill(RefCountTable t) {
        for (long f : insertionOrder()) {
            t.increment(f);
        }
        ResizeControl.awaitAtRest(t);
        System.gc();
    }

    /**
     * The counted frames in a seeded random order unrelated to the order the benchmarks visit
     * them in. Designs that allocate an object per entry place objects in insertion order (the
     * JVM's bump allocation, like a fresh slab); inserting in visiting order would turn their
     * dependent object loads into a sequential stream the prefetcher hides.
     */
    long[] insertionOrder() {
        long[] order = counted.clone();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x1A5E_27ED_0DE2L);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        return order;
    }

    /**
     * A random permutation of [0, 2^bits): add, multiply by an odd constant and xor-shift, each a
     * bijection modulo 2^bits. Distinct frames without a hash set, in O(1) memory.
     */
    static final class Bijection {
        private final long mask;
        private final int shift;
        private final long add;

        Bijection(int bits, long seed) {
            this.mask = bits == 64 ? -1L : (1L << bits) - 1;
            this.shift = Math.max(1, bits / 2);
            this.add = new SplittableRandom(seed).nextLong();
        }

        long apply(long i) {
            long x = (i + add) & mask;
            x = (x * Hashing.GOLDEN_GAMMA) & mask;
            x ^= x >>> shift;
            x = (x * 0xC2B2AE3D27D4EB4FL) & mask;
            x ^= x >>> shift;
            x = (x * 0x165667B19E3779F9L) & mask;
            return x;
        }
    }
}
