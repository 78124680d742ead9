package org.cowmeta.lab.macro;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cowmeta.lab.fork.ForkedJvm;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.progress.Progress;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.stats.MedianInterval;

/**
 * Runs macro scenarios over tables in measured rounds. A round runs every table once, in an
 * order shuffled anew every round (from a seed recorded with the results), each table in a JVM of
 * its own ({@link MacroWorker}): its operations run hot first, then every scenario and parameter
 * set gets {@link #WARMUP_RUNS} discarded runs at half the memory and one measured run. So the
 * simulator's fault path is compiled for one table at a time, as a kernel's direct calls are, and
 * anew every round: the rounds sample how the JIT compiled it (two runs of the same commit in one
 * shared JVM differed by up to 2× in every table's fault time, which no interval over runs inside
 * that JVM could show). Each figure's row holds the median over the rounds, its distribution-free
 * 95% interval ({@link MedianInterval}) and the value of every round ({@link ResultRow#samples()}),
 * so fault-time ratios to {@code dense} are paired round by round. Afterwards, for each table
 * beside {@code dense}, the time share of the refcount table on the fault path: (p50 fault with
 * the table - p50 fault with dense) / p50 fault with the table.
 */
public final class MacroSuite {
    public static final long SEED = 0xC0FFEE;
    /**
     * Discarded runs at half the memory before each measured one, in a worker whose table
     * operations already ran hot ({@link JitWarmup}): they compile the simulator's paths of the
     * scenario.
     */
    static final int WARMUP_RUNS = 3;
    /** A worker's heap: the scenarios' page tables and tables fit in far less. */
    private static final List<String> JVM = ForkedJvm.flags("-Xms512m", "-Xmx2g");

    private final Profile profile;
    private final Path dir;
    private final PrintStream log;
    private final long scheduleSeed;
    /** Per scenario and parameter set, per table, every measured round's rows (null: not run in that round). */
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long workerNanos;
    private int workers;

    /** One scenario with one parameter set: what its rounds measured, table by table. */
    private static final class Cell {
        final Scenario scenario;
        final int index;
        final ScenarioParams params;
        final Map<String, List<List<ResultRow>>> runs = new LinkedHashMap<>();
        final Set<String> failed = new HashSet<>();

        Cell(Scenario scenario, int index, ScenarioParams params) {
            this.scenario = scenario;
            this.index = index;
            this.params = params;
        }

        String spec() {
            return scenario.name() + ":" + index;
        }
    }

    /** @param dir where the workers' result files go (deleted once read) */
    public MacroSuite(Profile profile, Path dir, PrintStream log, long scheduleSeed) {
        this.profile = profile;
        this.dir = dir;
        this.log = log;
        this.scheduleSeed = scheduleSeed;
    }

    /**
     * Variants of another table, each with the table it varies: their faults take that table's
     * path but for one detail (dense-packed: 8-byte counters; typesafe: a key re-check per
     * lookup; locked: the bucket lock on every update), which the micro benchmarks measure.
     */
    static final Map<String, String> VARIANTS = Map.of("dense-packed", "dense", "rhashtable-typesafe", "rhashtable",
            "rhashtable-locked", "rhashtable");

    /**
     * The tables the macro scenarios run in {@code profile}: every asked table in the full
     * profile; the quick one leaves out a variant whose table is also asked for (each table costs
     * a JVM per round and scenario set, and the quick profile must end within minutes).
     */
    public static List<String> tables(Profile profile, List<String> asked) {
        if (profile == Profile.FULL) {
            return asked;
        }
        return asked.stream().filter(t -> !asked.contains(VARIANTS.getOrDefault(t, t + "?"))).toList();
    }

    /** Measured rounds of every table per parameter set in {@code profile}. */
    public static int rounds(Profile profile) {
        return profile == Profile.QUICK ? 6 : 16;
    }

    /** Runs {@link #rounds} measured rounds of every scenario over every table. */
    public void run(List<String> scenarios, List<String> tables) throws IOException {
        List<Cell> todo = new ArrayList<>();
        for (String name : scenarios) {
            Scenario s = ScenarioRegistry.get(name);
            List<ScenarioParams> grid = s.grid(profile);
            for (int i = 0; i < grid.size(); i++) {
                ScenarioParams p = grid.get(i);
                int index = i;
                todo.add(cells.computeIfAbsent(key(s.name(), p), k -> new Cell(s, index, p)));
            }
        }
        int rounds = rounds(profile);
        Progress progress = new Progress("macro", rounds * tables.size(), log, 0);
        for (int r = 0; r < rounds; r++) {
            runRound(todo, tables, r, progress);
        }
    }

    /**
     * {@code extra} more rounds of {@code scenario}'s parameter sets over {@code tables} (the
     * tables a target compares), appended to the rounds already measured.
     */
    public void runMore(String scenario, List<String> tables, int extra) throws IOException {
        List<Cell> mine = cells.values().stream().filter(c -> c.scenario.name().equals(scenario)).toList();
        if (mine.isEmpty()) {
            return;
        }
        int first = mine.stream().mapToInt(MacroSuite::roundsOf).max().orElse(0);
        Progress progress = new Progress("macro", extra * tables.size(), log, averageWorkerNanos());
        for (int r = first; r < first + extra; r++) {
            runRound(mine, tables, r, progress);
        }
    }

    private static int roundsOf(Cell c) {
        return c.runs.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** The mean wall time of one table's worker so far, for estimates. */
    public long averageWorkerNanos() {
        return workers == 0 ? 0 : workerNanos / workers;
    }

    /** Failures, one sentence each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** One round: every table once, in a shuffled order, each in its own worker over all the round's cells. */
    private void runRound(List<Cell> cellsOfRound, List<String> tables, int round, Progress progress) throws IOException {
        List<String> order = new ArrayList<>(tables);
        Collections.shuffle(order, new Random(scheduleSeed * 31 + round));
        for (String table : order) {
            List<Cell> open = cellsOfRound.stream().filter(c -> !c.failed.contains(table)).toList();
            if (open.isEmpty()) {
                continue;
            }
            long t0 = System.nanoTime();
            Results got = runWorker(table, open);
            long dt = System.nanoTime() - t0;
            workerNanos += dt;
            workers++;
            for (Cell c : open) {
                List<ResultRow> rows = got == null ? List.of() : rowsOf(got, c, table);
                List<List<ResultRow>> runs = c.runs.computeIfAbsent(table, k -> new ArrayList<>());
                while (runs.size() < round) {
                    runs.add(null); // rounds this table was not part of
                }
                if (rows.isEmpty()) {
                    c.failed.add(table);
                    String msg = "macro " + c.scenario.name() + " [" + c.params + "] on " + table + " failed in round " + (round + 1)
                            + (got == null ? " (the worker JVM failed; see macro.log)" : "");
                    problems.add(msg);
                    log.println("cowmeta: " + msg);
                    runs.add(null);
                } else {
                    runs.add(rows);
                }
            }
            if (got != null) {
                got.notes().forEach(problems::add);
            }
            progress.step(String.format(Locale.ROOT, "round %d %s: %d scenario runs", round + 1, table, open.size()), dt);
        }
    }

    /** Runs one table's worker over {@code open}; its results, or null when it failed. */
    private Results runWorker(String table, List<Cell> open) throws IOException {
        Path out = Files.createTempFile(dir, ".macro-", ".json");
        List<String> args = new ArrayList<>(List.of(table, profile.id(), Long.toString(SEED), out.toString()));
        open.forEach(c -> args.add(c.spec()));
        ProcessBuilder pb = new ProcessBuilder(ForkedJvm.command(JVM, MacroWorker.class, args))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("macro.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("macro.log").toFile()));
        try {
            Process p = pb.start();
            if (!p.waitFor(workerTimeoutMinutes(), TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0 || Files.size(out) == 0) {
                return null;
            }
            return ResultsIO.readJson(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a macro worker ran", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * How long a worker may run before it counts as hung and is killed (its table's cells of the
     * round then fail, and the run goes on): far above what its scenarios take (seconds in the
     * quick profile, minutes in the full one), so only a worker that stopped progressing meets it.
     */
    private long workerTimeoutMinutes() {
        return profile == Profile.QUICK ? 3 : 30;
    }

    /** The rows of {@code c}'s scenario and parameter set for {@code table} in a worker's results. */
    private static List<ResultRow> rowsOf(Results r, Cell c, String table) {
        Map<String, String> want = c.params.rowParams();
        return r.rows(row -> row.table().equals(table) && row.benchmark().equals(c.scenario.name())
                && want.equals(withoutQuantile(row.params())));
    }

    private static Map<String, String> withoutQuantile(Map<String, String> p) {
        Map<String, String> m = new LinkedHashMap<>(p);
        m.remove("quantile");
        return m;
    }

    /** Adds the rows of every cell measured so far. */
    public void addRows(ResultSink sink) {
        for (Cell c : cells.values()) {
            Map<String, Double> p50 = new LinkedHashMap<>();
            c.runs.forEach((table, runs) -> {
                if (runs.stream().allMatch(r -> r == null)) {
                    return;
                }
                for (ResultRow row : combine(runs)) {
                    sink.add(row);
                    if (row.metric().equals("faultLatencyP50")) {
                        p50.put(table, row.value());
                    }
                }
            });
            Double dense = p50.get("dense");
            if (dense != null && Double.isFinite(dense)) {
                p50.forEach((table, v) -> {
                    if (Double.isFinite(v) && v > 0) {
                        sink.add(ResultRow.of(MacroMetrics.SECTION, table, c.scenario.name(), c.params.rowParams(), "refcountShareVsDense",
                                100 * (v - dense) / v, "%"));
                    }
                });
            }
        }
    }

    /**
     * One row per figure over the rounds: the median, its 95% interval and the value of every
     * round (NaN where the table was not run in that round).
     */
    static List<ResultRow> combine(List<List<ResultRow>> runs) {
        Map<String, ResultRow> first = new LinkedHashMap<>();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (int round = 0; round < runs.size(); round++) {
            List<ResultRow> rows = runs.get(round);
            if (rows == null) {
                continue;
            }
            for (ResultRow r : rows) {
                String k = r.metric() + r.params();
                first.putIfAbsent(k, r);
                List<Double> v = values.computeIfAbsent(k, x -> new ArrayList<>());
                while (v.size() < round) {
                    v.add(Double.NaN);
                }
                v.add(r.value());
            }
        }
        List<ResultRow> out = new ArrayList<>();
        first.forEach((k, r) -> {
            List<Double> v = values.get(k);
            var iv = MedianInterval.of(v.stream().mapToDouble(Double::doubleValue).toArray(), 0.95);
            out.add(new ResultRow(r.section(), r.table(), r.benchmark(), r.params(), r.metric(), iv.estimate(), r.unit(),
                    Double.NaN, iv.low(), iv.high(), r.costLines(), r.costLoads(), v));
        });
        return out;
    }

    private static String key(String scenario, ScenarioParams p) {
        return scenario + " " + p;
    }
}
