package org.cowmeta.lab.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.Hashing;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.capture.replay.CountedFrames;

/**
 * The static replay of a capture: every counted frame of the host (map count >= 2) is loaded
 * into a table with {@link RefCountTable#seed}, as if the table had kept the counts of that host
 * all along. Reports what the table then occupies (modeled and JVM bytes per counted frame; the
 * whole host's refcount metadata beside the {@code frames * 64} bytes of struct page) and how fast
 * get / increment / decrement run on this real key set beside a uniform random key set of the
 * same size and counts. Timings are thread CPU time of a plain loop (warm-up, several rounds,
 * median), not JMH; the deterministic cost (cache lines, dependent loads from the table's own trace) is given
 * beside them.
 */
public final class StaticReplay {
    /** How long one timed pass over the keys runs at least, so that short key sets time well. */
    private static final long MIN_PASS_NANOS = 20_000_000;
    private static final int TRACED_KEYS = 2048;

    /** Rounds of the timing loop; {@link #QUICK} for tests. */
    public record Settings(int warmupRounds, int rounds, boolean timing, long seed) {
        public static final Settings STANDARD = new Settings(2, 5, true, 42);
        public static final Settings QUICK = new Settings(1, 3, true, 42);
        public static final Settings NO_TIMING = new Settings(0, 0, false, 42);
    }

    /** What one table showed for a host. */
    public record Result(String table, long hostFrames, long counted, long entries, boolean countsExact,
                         Footprint footprint, List<OpTiming> timings, double getLinesReal, double getLoadsReal,
                         double getLinesUniform, double getLoadsUniform) {

        public double modeledBytesPerCounted() {
            return footprint.modeledPerEntry(counted);
        }

        public double jvmBytesPerCounted() {
            return footprint.jvmPerEntry(counted);
        }

        /** struct page for every frame of the host: frames * 64 bytes. */
        public long structPageBytes() {
            return hostFrames * Frames.STRUCT_PAGE_BYTES;
        }

        /** The table's modeled bytes as a share of the host's memory (struct page: 1.5625%). */
        public double modeledShareOfMemory() {
            return footprint.modeledBytes() / (hostFrames * (double) Frames.PAGE_SIZE);
        }

        public OpTiming timing(String op, String keys) {
            return timings.stream().filter(t -> t.op().equals(op) && t.keys().equals(keys)).findFirst().orElse(null);
        }
    }

    private final Settings settings;
    private volatile long sink;

    public StaticReplay(Settings settings) {
        this.settings = settings;
    }

    /** Replays {@code real} into a fresh table {@code name} (default sizing, so its growth shows). */
    public Result run(String name, CountedFrames real) {
        TableConfig config = TableConfig.of(real.hostFrames()).withSeed(settings.seed());
        Footprint fp;
        long entries;
        boolean exact;
        double[] realCost;
        List<OpTiming> timings = new ArrayList<>();
        try (RefCountTable t = TableRegistry.create(name, config)) {
            real.loadInto(t);
            ResizeControl.awaitAtRest(t); // the bytes of the loaded table, not of a resize its load began
            entries = t.entries();
            exact = real.heldExactlyBy(t);
            fp = t.footprint();
            realCost = traceGets(t, real);
            if (settings.timing()) {
                timings.addAll(time(t, real, "real"));
            }
        }
        double[] uniformCost = {Double.NaN, Double.NaN};
        if (settings.timing() && real.size() > 0) {
            CountedFrames uniform = real.uniformLike(settings.seed());
            try (RefCountTable t = TableRegistry.create(name, config)) {
                uniform.loadInto(t);
                uniformCost = traceGets(t, uniform);
                timings.addAll(time(t, uniform, "uniform"));
            }
        }
        return new Result(name, real.hostFrames(), real.size(), entries, exact, fp, List.copyOf(timings),
                realCost[0], realCost[1], uniformCost[0], uniformCost[1]);
    }

    /** Mean cache lines and dependent loads of a get, over up to {@link #TRACED_KEYS} keys. */
    private double[] traceGets(RefCountTable t, CountedFrames keys) {
        int n = Math.min(TRACED_KEYS, keys.size());
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        AccessTrace trace = new AccessTrace();
        long lines = 0;
        long loads = 0;
        for (int i = 0; i < n; i++) {
            long frame = keys.frames()[n == keys.size() ? i : rnd.nextInt(keys.size())];
            t.trace(RefCountTable.Op.GET, frame, trace.reset());
            lines += trace.cacheLines();
            loads += trace.dependentLoads();
        }
        return new double[] {(double) lines / n, (double) loads / n};
    }

    /**
     * get, increment and decrement over every key in one shuffled order; an increment pass is
     * followed by a decrement pass so the table ends each round as it began.
     */
    private List<OpTiming> time(RefCountTable t, CountedFrames keys, String label) {
        if (keys.size() == 0) {
            return List.of();
        }
        long[] order = keys.frames().clone();
        CountedFrames.shuffle(order, new SplittableRandom(settings.seed() ^ Hashing.GOLDEN_GAMMA));
        int passes = passesFor(t, order);
        int rounds = settings.rounds();
        double[] get = new double[rounds];
        double[] inc = new double[rounds];
        double[] dec = new double[rounds];
        for (int r = -settings.warmupRounds(); r < rounds; r++) {
            double g = 0;
            double i = 0;
            double d = 0;
            for (int p = 0; p < passes; p++) {
                g += getPass(t, order);
                i += incrementPass(t, order);
                d += decrementPass(t, order);
            }
            if (r >= 0) {
                long ops = (long) passes * order.length;
                get[r] = g / ops;
                inc[r] = i / ops;
                dec[r] = d / ops;
            }
        }
        long ops = (long) passes * order.length;
        return List.of(OpTiming.of("get", label, get, ops), OpTiming.of("increment", label, inc, ops),
                OpTiming.of("decrement", label, dec, ops));
    }

    /** Enough passes that a round's get passes take at least {@link #MIN_PASS_NANOS}. */
    private int passesFor(RefCountTable t, long[] order) {
        long one = Math.max(1, getPass(t, order));
        return (int) Math.max(1, Math.min(1000, MIN_PASS_NANOS / one));
    }

    private long getPass(RefCountTable t, long[] order) {
        long acc = 0;
        long start = CpuClock.now();
        for (long f : order) {
            acc += t.get(f);
        }
        long time = CpuClock.now() - start;
        sink = acc;
        return time;
    }

    private long incrementPass(RefCountTable t, long[] order) {
        long acc = 0;
        long start = CpuClock.now();
        for (long f : order) {
            acc += t.increment(f);
        }
        long time = CpuClock.now() - start;
        sink = acc;
        return time;
    }

    private long decrementPass(RefCountTable t, long[] order) {
        long acc = 0;
        long start = CpuClock.now();
        for (long f : order) {
            acc += t.decrement(f);
        }
        long time = CpuClock.now() - start;
        sink = acc;
        return time;
    }
}
