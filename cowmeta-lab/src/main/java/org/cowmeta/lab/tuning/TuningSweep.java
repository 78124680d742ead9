package org.cowmeta.lab.tuning;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cowmeta.lab.micro.Workload;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * The tuning sweep: for every table that declares tunable options ({@link Tunables}), one option
 * at a time over its declared values, at a fixed number of counted frames, measures what the
 * option trades: the time of get hit, get miss, increment+decrement of a counted frame and
 * insert+remove of a new one (a short timed loop per operation, warm-up rounds then measured
 * rounds, every value of the option in every round, timed by the thread's CPU time; median,
 * fastest and slowest round), the modeled and JVM bytes per counted
 * frame, and the deterministic cost from the table's own {@link AccessTrace} (cache lines and
 * dependent loads per call, averaged over a sample of frames).
 *
 * <p>The table is pre-sized for exactly the counted frames, so it sits at its load factor: the
 * state right before it would grow, where the load factor costs the most time and saves the most
 * bytes. Counts follow a sharing profile with a tail, so that the inline width matters: every
 * {@value #SHARED_EVERY}th frame is shared by 3 to {@value #MAX_SHARING} references
 * (log-uniform, a forked server's shared pages), the others by two. Frames are uniform random
 * ({@link Workload}, same seed for every point) and every point gets its own table, so the
 * points differ only in the option.
 */
public final class TuningSweep {
    public static final String SECTION = "tuning";
    static final int SHARED_EVERY = 64;
    static final int MAX_SHARING = 4096;
    static final int TRACE_SAMPLE = 2048;
    /** Room for the one entry an insert+remove adds, so the timed inserts do not start a resize. */
    static final int SIZING_MARGIN = 16;
    /** The timed operations, in the order rows and charts list them. */
    public static final List<String> OPERATIONS = List.of("getHit", "getMiss", "incDec", "insertRemove");

    /** How much to measure: counted frames (log2), warm-up and measured rounds, operations per round. */
    public record Settings(int log2Counted, int warmupRounds, int rounds, int opsPerRound) {
        public static Settings of(Profile p) {
            return switch (p) {
                case QUICK -> new Settings(20, 1, 5, 1 << 17);
                case FULL -> new Settings(22, 2, 11, 1 << 19);
            };
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    /** Defeats dead-code elimination of the timed loops. */
    private static volatile long sink;

    private final Settings settings;
    private final long seed;
    private final PrintStream log;

    public TuningSweep(Settings settings, long seed, PrintStream log) {
        if (settings.log2Counted() < 13 || settings.rounds() < 1 || settings.opsPerRound() < 1) {
            throw new IllegalArgumentException("need at least 2^13 counted frames, one round and one operation per round");
        }
        this.settings = settings;
        this.seed = seed;
        this.log = log;
    }

    /** Sweeps every declared option of every tunable table among {@code tables}; rows go to {@code sink}. */
    public void run(List<String> tables, ResultSink sink) {
        Workload w = Workload.build(settings.log2Counted(), Workload.Utilisation.HIGH, Workload.Keys.UNIFORM, seed);
        for (String table : Tunables.tunable(tables)) {
            for (TableSpec.Tunable d : Tunables.of(table)) {
                long t0 = System.nanoTime();
                List<Point> points = measure(table, d, w);
                for (int i = 0; i < points.size(); i++) {
                    Point p = points.get(i);
                    addRows(sink, table, d, d.values().get(i), w.counted.length, p);
                    log.printf(java.util.Locale.ROOT, "cowmeta: tuning: %s %s=%s: get hit %.1f, miss %.1f, inc+dec %.1f, "
                                    + "insert+remove %.1f ns; %.2f B per counted frame; %d resizes%n", table, d.option(),
                            d.values().get(i), p.times[0].median, p.times[1].median, p.times[2].median, p.times[3].median,
                            p.modeledPerEntry, p.resizes);
                }
                log.printf(java.util.Locale.ROOT, "cowmeta: tuning: %s %s: %.1f s%n", table, d.option(), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Median, fastest and slowest round of one operation, in ns per call. */
    record Timing(double median, double low, double high) {
        static Timing of(double[] perRound) {
            double[] s = perRound.clone();
            Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Timing(median, s[0], s[n - 1]);
        }
    }

    /**
     * Everything measured at one option value; {@code load}, bytes and {@code resizes} at the end
     * of the timing (resizes 0 unless the option made the table grow early: compact's probeLimit guard); {@code lines}/{@code loads} per operation, in {@link #OPERATIONS} order. */
    record Point(Timing[] times, double[] lines, double[] loads, double modeledPerEntry, double jvmPerEntry, double load,
                 long resizes) {}

    /**
     * Builds, fills and traces one table per value of {@code d}, then times them round by round,
     * every value in each round (in a rotating order), so a slow drift of the shared machine's load
     * falls on all values alike and the curve compares like with like, as same-run ratios do.
     */
    List<Point> measure(String table, TableSpec.Tunable d, Workload w) {
        int k = d.values().size();
        List<RefCountTable> tables = new ArrayList<>();
        try {
            double[][] lines = new double[k][OPERATIONS.size()];
            double[][] loads = new double[k][OPERATIONS.size()];
            for (int i = 0; i < k; i++) {
                TableConfig config = TableConfig.of(w.physicalFrames).withExpectedEntries(w.counted.length + SIZING_MARGIN)
                        .withSeed(seed).withOption(d.option(), d.values().get(i));
                RefCountTable t = TableRegistry.create(table, config);
                tables.add(t);
                populate(t, w.counted);
                trace(t, w, lines[i], loads[i]);
            }
            double[][][] perRound = new double[k][OPERATIONS.size()][settings.rounds()];
            for (int r = -settings.warmupRounds(); r < settings.rounds(); r++) {
                for (int j = 0; j < k; j++) {
                    int i = Math.floorMod(j + r, k);
                    double[] ns = round(tables.get(i), w, r + settings.warmupRounds());
                    for (int op = 0; r >= 0 && op < ns.length; op++) {
                        perRound[i][op][r] = ns[op];
                    }
                }
            }
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                RefCountTable t = tables.get(i);
                Timing[] times = new Timing[OPERATIONS.size()];
                for (int op = 0; op < times.length; op++) {
                    times[op] = Timing.of(perRound[i][op]);
                }
                // after the timing: if the option made the table grow while it was used, the bytes show it
                ResizeControl.awaitAtRest(t);
                Footprint fp = t.footprint();
                long n = t.entries();
                points.add(new Point(times, lines[i], loads[i], fp.modeledPerEntry(n), fp.jvmPerEntry(n), t.stats().load(),
                        t.stats().resizes()));
            }
            return points;
        } finally {
            tables.forEach(RefCountTable::close);
        }
    }

    /** Puts every frame in with count 2, and raises every {@value #SHARED_EVERY}th to its sharing count. */
    static void populate(RefCountTable t, long[] counted) {
        SplittableRandom rnd = new SplittableRandom(0x7e57_c0de);
        double span = Math.log(MAX_SHARING / 3.0);
        for (int i = 0; i < counted.length; i++) {
            long f = counted[i];
            t.increment(f);
            if (i % SHARED_EVERY == 0) {
                long target = Math.round(3 * Math.exp(rnd.nextDouble() * span));
                for (long c = 2; c < target; c++) {
                    t.increment(f);
                }
            }
        }
    }

    private void trace(RefCountTable t, Workload w, double[] lines, double[] loads) {
        AccessTrace tr = new AccessTrace();
        int n = Math.min(TRACE_SAMPLE, w.absent.length);
        // an odd stride: an even one would sample only every SHARED_EVERY-th frame, the shared ones
        int stride = Math.max(1, w.counted.length / n - 1) | 1;
        long[] sum = new long[2 * OPERATIONS.size()];
        for (int i = 0; i < n; i++) {
            long hit = w.counted[i * stride];
            long miss = w.absent[i];
            add(sum, 0, t, Op.GET, hit, tr);
            add(sum, 1, t, Op.GET, miss, tr);
            // increment+decrement: trace the increment, do it, trace the decrement, undo it
            add(sum, 2, t, Op.INCREMENT, hit, tr);
            t.increment(hit);
            add(sum, 2, t, Op.DECREMENT, hit, tr);
            t.decrement(hit);
            add(sum, 3, t, Op.INCREMENT, miss, tr);
            t.increment(miss);
            add(sum, 3, t, Op.DECREMENT, miss, tr);
            t.decrement(miss);
        }
        int[] callsPerSample = {1, 1, 2, 2};
        for (int k = 0; k < OPERATIONS.size(); k++) {
            lines[k] = sum[2 * k] / (double) (n * callsPerSample[k]);
            loads[k] = sum[2 * k + 1] / (double) (n * callsPerSample[k]);
        }
    }

    private static void add(long[] sum, int k, RefCountTable t, Op op, long frame, AccessTrace tr) {
        t.trace(op, frame, tr.reset());
        sum[2 * k] += tr.cacheLines();
        sum[2 * k + 1] += tr.dependentLoads();
    }

    /** One round of every operation on {@code t}, in ns per call, in {@link #OPERATIONS} order. */
    private double[] round(RefCountTable t, Workload w, int index) {
        int hitMask = w.counted.length - 1;
        int missMask = Integer.highestOneBit(w.absent.length) - 1;
        int m = settings.opsPerRound();
        int start = index * m;
        // the updates start half a pool away from the gets, so they do not find the lines the gets just loaded
        return new double[] {
                getLoop(t, w.counted, hitMask, start, m),
                getLoop(t, w.absent, missMask, start, m),
                incDecLoop(t, w.counted, hitMask, start + (hitMask + 1) / 2, m / 2),
                incDecLoop(t, w.absent, missMask, start + (missMask + 1) / 2, m / 2)};
    }

    /**
     * The thread's CPU time where the JVM has it (a stalled load still counts; time spent waiting
     * for a core on a shared machine does not), else wall time.
     */
    static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** ns per get over {@code n} frames from {@code start}. */
    private static double getLoop(RefCountTable t, long[] frames, int mask, int start, int n) {
        long acc = 0;
        long t0 = now();
        for (int i = 0; i < n; i++) {
            acc += t.get(frames[(start + i) & mask]);
        }
        long dt = now() - t0;
        sink += acc;
        return (double) dt / n;
    }

    /**
     * ns per call of {@code n} increment+decrement pairs: on counted frames a count change
     * (2 -> 3 -> 2, spilled counts included), on absent frames an insert and a removal.
     */
    private static double incDecLoop(RefCountTable t, long[] frames, int mask, int start, int n) {
        long acc = 0;
        long t0 = now();
        for (int i = 0; i < n; i++) {
            long f = frames[(start + i) & mask];
            acc += t.increment(f);
            acc += t.decrement(f);
        }
        long dt = now() - t0;
        sink += acc;
        return (double) dt / (2.0 * n);
    }

    private static void addRows(ResultSink sink, String table, TableSpec.Tunable d, String value, long counted, Point p) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("option", d.option());
        params.put("value", value);
        params.put("default", d.defaultValue());
        params.put("counted", Long.toString(counted));
        for (int k = 0; k < OPERATIONS.size(); k++) {
            Timing tm = p.times[k];
            sink.add(ResultRow.of(SECTION, table, OPERATIONS.get(k), params, "time", tm.median(), "ns/op")
                    .withSpread(Double.NaN, tm.low(), tm.high()).withCost(p.lines[k], p.loads[k]));
        }
        sink.add(ResultRow.of(SECTION, table, "fill", params, "modeledBytesPerEntry", p.modeledPerEntry, "B"));
        sink.add(ResultRow.of(SECTION, table, "fill", params, "jvmBytesPerEntry", p.jvmPerEntry, "B"));
        sink.add(ResultRow.of(SECTION, table, "fill", params, "load", p.load, ""));
        sink.add(ResultRow.of(SECTION, table, "fill", params, "resizes", p.resizes, ""));
    }

    /** For tests: the rows of the given points without timing anything. */
    static List<ResultRow> rowsFor(String table, TableSpec.Tunable d, String value, long counted, Point p) {
        List<ResultRow> rows = new ArrayList<>();
        addRows(rows::add, table, d, value, counted, p);
        return rows;
    }
}
