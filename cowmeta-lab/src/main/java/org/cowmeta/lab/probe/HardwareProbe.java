package org.cowmeta.lab.probe;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cowmeta.tables.memory.OffHeapMemory;

/**
 * Measures the {@link HardwareUnit}: one dependent DRAM load by chasing pointers around a
 * random cyclic permutation (Sattolo's algorithm, so the chase visits every node before it
 * repeats) of cache-line-sized nodes in an off-heap buffer far larger than the caches, mapped in
 * transparent huge pages where the system offers them (as the tables' arrays are, so the unit
 * holds a cache miss but no TLB miss), and
 * streaming bandwidth by reading the same buffer sequentially. Each figure is the median of
 * several rounds, so one disturbed round on a shared machine does not move it.
 */
public final class HardwareProbe {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final int NODE = 64;

    private final long bufferBytes;
    private final int rounds;
    private final long chaseSteps;

    /**
     * @param bufferBytes the buffer (256 MiB or more for DRAM; far beyond any last-level cache)
     * @param rounds      rounds per figure (the median is reported)
     * @param chaseSteps  dependent loads per chase round
     */
    public HardwareProbe(long bufferBytes, int rounds, long chaseSteps) {
        if (bufferBytes < 2 * NODE || rounds < 1 || chaseSteps < 1) {
            throw new IllegalArgumentException("probe needs at least 2 nodes, 1 round and 1 step");
        }
        this.bufferBytes = bufferBytes / NODE * NODE;
        this.rounds = rounds;
        this.chaseSteps = chaseSteps;
    }

    /** The probe every run uses: 256 MiB, 5 rounds of 2^20 dependent loads (about 0.2 s each on an idle machine). */
    public static HardwareProbe standard() {
        return new HardwareProbe(256L << 20, 5, 1L << 20);
    }

    public HardwareUnit measure(long seed) {
        try (Arena arena = Arena.ofConfined()) {
            // Huge pages, as the tables get: the unit is then a DRAM access without a TLB miss.
            MemorySegment buf = OffHeapMemory.allocate(arena, bufferBytes, 4096);
            buildCycle(buf, bufferBytes / NODE, seed);
            chase(buf, Math.min(chaseSteps, 1 << 16)); // warm the JIT and the page tables
            double[] lat = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                long end = chase(buf, chaseSteps);
                lat[r] = (System.nanoTime() - t0) / (double) chaseSteps;
                if (end == -1) {
                    throw new AssertionError(); // keeps the chase alive
                }
            }
            stream(buf);
            double[] bw = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                long sum = stream(buf);
                long dt = Math.max(1, System.nanoTime() - t0);
                bw[r] = bufferBytes / (double) dt * 1e9 / (1L << 30);
                if (sum == 42) {
                    bw[r] += 0; // keeps the sum alive
                }
            }
            Arrays.sort(lat);
            Arrays.sort(bw);
            return new HardwareUnit(median(lat), lat[0], lat[rounds - 1], median(bw), bw[0], bw[rounds - 1],
                    bufferBytes, rounds);
        }
    }

    /**
     * The latency of one dependent load in buffers of {@code sizes} bytes (median of 3 rounds of
     * 2^18 loads each, after a warm-up pass): below the last-level cache it is a cache hit, beyond
     * it a DRAM access, so the curve tells how large the last-level cache is in effect.
     */
    public static double[] latencyCurve(long[] sizes, long seed) {
        double[] out = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            long bytes = sizes[k] / NODE * NODE;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = OffHeapMemory.allocate(arena, bytes, 4096);
                buildCycle(buf, bytes / NODE, seed + k);
                chase(buf, Math.max(bytes / NODE, 1 << 16)); // one pass warms the caches and the page tables
                double[] lat = new double[3];
                long steps = 1L << 18;
                for (int r = 0; r < lat.length; r++) {
                    long t0 = System.nanoTime();
                    long end = chase(buf, steps);
                    lat[r] = (System.nanoTime() - t0) / (double) steps;
                    if (end == -1) {
                        throw new AssertionError();
                    }
                }
                Arrays.sort(lat);
                out[k] = lat[1];
            }
        }
        return out;
    }

    /**
     * The last-level cache in effect: the largest of {@code sizes} whose dependent load is below
     * the midpoint between the smallest size's latency and {@code dramNanos}; 0 when even the
     * smallest is beyond it.
     */
    public static long effectiveCache(long[] sizes, double[] latency, double dramNanos) {
        double mid = (latency[0] + dramNanos) / 2;
        long best = 0;
        for (int k = 0; k < sizes.length; k++) {
            if (latency[k] < mid) {
                best = sizes[k];
            }
        }
        return best;
    }

    /** Node i holds the byte offset of the node after it; the nodes form one random cycle. */
    static void buildCycle(MemorySegment buf, long nodes, long seed) {
        for (long i = 0; i < nodes; i++) {
            buf.set(LONG, i * NODE, i * NODE);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = nodes - 1; i > 0; i--) { // Sattolo: j < i makes a single cycle
            long j = rnd.nextLong(i);
            long a = buf.get(LONG, i * NODE);
            buf.set(LONG, i * NODE, buf.get(LONG, j * NODE));
            buf.set(LONG, j * NODE, a);
        }
    }

    static long chase(MemorySegment buf, long steps) {
        long p = 0;
        for (long i = 0; i < steps; i++) {
            p = buf.get(LONG, p);
        }
        return p;
    }

    static long stream(MemorySegment buf) {
        long a = 0, b = 0, c = 0, d = 0;
        long n = buf.byteSize();
        for (long off = 0; off + 32 <= n; off += 32) {
            a += buf.get(LONG, off);
            b += buf.get(LONG, off + 8);
            c += buf.get(LONG, off + 16);
            d += buf.get(LONG, off + 24);
        }
        return a + b + c + d;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
