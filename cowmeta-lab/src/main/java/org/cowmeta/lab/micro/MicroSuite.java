package org.cowmeta.lab.micro;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.progress.Progress;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the micro benchmark grid in interleaved rounds ({@link RoundSchedule}): every round starts
 * one JVM per table and workload ({@link ForkWorker}), which fills its table once and runs the
 * round's benchmarks of it through JMH, the tables of one cell back to back in a shuffled order.
 * A measurement's figure is the median of its JMH measurement iterations; a configuration's row
 * holds the median over its rounds, JMH's 99.9% confidence half-width over all iterations of all
 * its rounds, the fastest and slowest round, the traced cost per call, and the figure of every
 * round ({@link ResultRow#samples()}), so that ratios are paired round by round. Keeps JMH's own
 * JSON (jmh.json) and log (jmh.log) beside the results.
 */
public final class MicroSuite {
    public static final String SECTION = "micro";
    public static final long SEED = 0x5eed;
    /**
     * Workers alive at once: every table of a workload up to 2^22 counted frames (a worker holds
     * 0.2 to 0.5 GiB there, dense's 2 GiB of struct pages aside); beyond, fewer, so that the
     * machine's memory holds them.
     */
    static final int MAX_WORKERS = 14;
    static final int MAX_WORKERS_LARGE = 4;

    private final Profile profile;
    private final Path dir;
    private final PrintStream log;
    private final CostTracer costs = new CostTracer();
    private int jsonParts;
    /** Every fork measured so far, by configuration and round. */
    private final Map<MicroConfig, TreeMap<Integer, Fork>> measured = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long forkNanos;
    private int forks;

    /** One fork's result: the median of its iterations, the iterations, and its resize counters. */
    record Fork(double median, double[] iterations, double resizing, double quiet) {}

    public MicroSuite(Profile profile, Path dir, PrintStream log) {
        this.profile = profile;
        this.dir = dir;
        this.log = log;
    }

    /** Whether {@code table} offers resize control, as its spec declares. */
    public static boolean resizable(String table) {
        return TableRegistry.get(table).resizes();
    }

    /** The profile's grid over {@code tables}. */
    public List<MicroConfig> plan(List<String> tables) {
        return MicroPlan.plan(profile, tables, MicroSuite::resizable);
    }

    /**
     * Runs rounds {@code first} .. {@code first + rounds - 1} of {@code plan} in the schedule of
     * {@code seed} ({@link RoundSchedule}); failures are remembered for {@link #problems()}.
     */
    public void runRounds(List<MicroConfig> plan, int first, int rounds, long seed, String what) throws IOException {
        JmhSettings settings = JmhSettings.of(profile);
        int maxWorkers = plan.stream().anyMatch(c -> c.log2Size() > MicroPlan.TARGET_LOG2_SIZE) ? MAX_WORKERS_LARGE : MAX_WORKERS;
        List<RoundSchedule.Batch> batches = RoundSchedule.of(plan, first, rounds, seed, maxWorkers);
        int measurements = batches.stream().mapToInt(b -> b.slots().size()).sum();
        log.println("cowmeta: micro: " + what + ": " + rounds + " round(s) of " + plan.size() + " configurations, "
                + measurements + " measurements, " + settings.describe() + " each; JMH log: " + dir.resolve("jmh.log"));
        Progress progress = new Progress("micro", measurements, log, averageForkNanos());
        for (RoundSchedule.Batch b : batches) {
            runBatch(b, settings, progress);
        }
        mergeJson();
    }

    /** Starts the batch's workers together (their fills share the cores), then measures one slot at a time. */
    private void runBatch(RoundSchedule.Batch batch, JmhSettings settings, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        Map<String, WorkerProcess> workers = new LinkedHashMap<>();
        Path jmhLog = dir.resolve("jmh.log");
        try {
            for (RoundSchedule.Slot slot : batch.slots()) {
                MicroConfig c = slot.config();
                if (!workers.containsKey(c.workerKey())) {
                    Path json = dir.resolve(".jmh-" + (jsonParts++) + ".json");
                    workers.put(c.workerKey(), WorkerProcess.start(c, SEED, settings.jvmArgs(), jmhLog, json));
                }
            }
            Map<String, Boolean> ready = new LinkedHashMap<>();
            for (Map.Entry<String, WorkerProcess> e : workers.entrySet()) {
                ready.put(e.getKey(), e.getValue().awaitReady());
            }
            long startShare = (System.nanoTime() - t0) / Math.max(1, batch.slots().size());
            for (RoundSchedule.Slot slot : batch.slots()) {
                long ti = System.nanoTime();
                MicroConfig c = slot.config();
                WorkerProcess w = workers.get(c.workerKey());
                WorkerProcess.Figure f = ready.get(c.workerKey()) && w.alive() ? w.run(c, settings) : null;
                record(slot, f, System.nanoTime() - ti + startShare, progress);
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
        }
    }

    private void record(RoundSchedule.Slot slot, WorkerProcess.Figure f, long dt, Progress progress) {
        MicroConfig c = slot.config();
        forkNanos += dt;
        forks++;
        if (f == null) {
            String p = "micro " + c + " failed in round " + (slot.round() + 1) + " (see jmh.log)";
            if (!problems.contains(p)) {
                problems.add(p);
            }
            progress.step("round " + (slot.round() + 1) + " " + c + ": FAILED", dt);
            return;
        }
        measured.computeIfAbsent(c, k -> new TreeMap<>()).put(slot.round(), new Fork(f.median(), f.iterations(), f.resizing(), f.quiet()));
        progress.step(String.format(Locale.ROOT, "round %d %s: median %.1f %s", slot.round() + 1, c, f.median(),
                c.method().startsWith("pageTable") ? "ns/pt" : "ns/op"), dt);
    }

    /** jmh.json: the JSON arrays the workers wrote, one per benchmark run, as one array. */
    private void mergeJson() throws IOException {
        List<Path> parts = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith(".jmh-")).sorted().forEach(parts::add);
        }
        StringBuilder all = new StringBuilder("[\n");
        boolean firstEntry = true;
        for (Path p : parts) {
            for (String chunk : Files.readString(p).split("\n(?=\\[)")) {
                String body = chunk.strip();
                if (body.length() < 2 || !body.startsWith("[")) {
                    continue;
                }
                body = body.substring(1, body.lastIndexOf(']')).strip();
                if (!body.isEmpty()) {
                    all.append(firstEntry ? "" : ",\n").append(body);
                    firstEntry = false;
                }
            }
        }
        all.append("\n]\n");
        Files.writeString(dir.resolve("jmh.json"), all.toString());
    }

    /** Deletes the workers' partial JSON files once jmh.json holds them all (the last call on a suite). */
    public void cleanUp() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(".jmh-")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Forks that failed, one sentence each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The mean wall time of a fork so far (0 before the first), for estimates of what more rounds cost. */
    public long averageForkNanos() {
        return forks == 0 ? 0 : forkNanos / forks;
    }

    /** The rounds measured so far, over all configurations. */
    public int roundsMeasured() {
        return measured.values().stream().mapToInt(m -> m.isEmpty() ? 0 : m.lastKey() + 1).max().orElse(0);
    }

    /** Adds one row per measured configuration (and its resize share) to {@code sink}. */
    public void addRows(ResultSink sink) {
        measured.forEach((c, rounds) -> addRows(c, rounds, sink));
    }

    private void addRows(MicroConfig c, TreeMap<Integer, Fork> rounds, ResultSink sink) {
        if (rounds.isEmpty()) {
            return;
        }
        List<Double> samples = new ArrayList<>();
        ListStatistics all = new ListStatistics();
        ListStatistics medians = new ListStatistics();
        double resizing = 0;
        double quiet = 0;
        for (int round = 0; round <= rounds.lastKey(); round++) {
            Fork f = rounds.get(round);
            samples.add(f == null ? Double.NaN : f.median());
            if (f != null) {
                medians.addValue(f.median());
                for (double v : f.iterations()) {
                    all.addValue(v);
                }
                resizing += f.resizing();
                quiet += f.quiet();
            }
        }
        CostTracer.WorkloadCosts wc = costs.costs(c, SEED);
        CostTracer.Cost cost = wc.forMethod(c.method());
        Map<String, String> params = new LinkedHashMap<>(c.rowParams());
        params.put("load", String.format(Locale.ROOT, "%.3f", wc.load()));
        String unit = c.method().startsWith("pageTable") ? "ns/pt" : "ns/op";
        double error = all.getN() > 2 ? all.getMeanErrorAt(0.999) : Double.NaN;
        sink.add(new ResultRow(SECTION, c.table(), c.method(), params, "time", medians.getPercentile(50), unit,
                error, medians.getMin(), medians.getMax(), cost.lines(), cost.loads(), samples));
        if (c.method().startsWith("resize") && resizing + quiet > 0) {
            sink.add(ResultRow.of(SECTION, c.table(), c.method(), params, "resizingShare", 100 * resizing / (resizing + quiet), "%"));
        }
    }
}
