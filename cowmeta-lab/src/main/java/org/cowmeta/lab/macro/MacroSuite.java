package org.cowmeta.lab.macro;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cowmeta.lab.progress.Progress;
import org.cowmeta.lab.report.ResultRow;
import org.cowmeta.lab.report.ResultSink;
import org.cowmeta.lab.run.Profile;
import org.cowmeta.lab.stats.MedianInterval;

/**
 * Runs macro scenarios over tables: first every table's operations hot on a scratch table
 * ({@link JitWarmup}); then for every scenario and parameter set, {@link #WARMUP_RUNS} warm-up
 * runs of every table at half the memory (discarded, so the JIT has compiled the fault path for
 * all tables alike), then measured rounds: each round runs every table once, in an order shuffled
 * anew every round (from a seed recorded with the results), so the runs a ratio pairs are
 * neighbours in time and a noisy moment falls on one round of every table. Each figure's row holds
 * the median over the rounds, its distribution-free 95% interval ({@link MedianInterval}) and the
 * value of every round ({@link ResultRow#samples()}), so fault-time ratios to {@code dense} are
 * paired round by round. Afterwards, for each table beside {@code dense}, the time share of the
 * refcount table on the fault path: (p50 fault with the table - p50 fault with dense) / p50 fault
 * with the table, the part of a fault the table adds over the struct-page way.
 */
public final class MacroSuite {
    public static final long SEED = 0xC0FFEE;
    /**
     * Discarded runs of every table at half the memory before the measured ones. One run at a
     * quarter left the measured run of {@code compact} in not yet compiled code: fork-snapshot's
     * fault p50 was 700-1000 ns in quick runs while 30 repeated runs of the scenario cost it only
     * ~15% more wall time than dense.
     */
    static final int WARMUP_RUNS = 6;

    private final Profile profile;
    private final PrintStream log;
    private final long scheduleSeed;
    /** Per scenario and parameter set, per table, every measured round's rows (null: the round failed). */
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** One scenario with one parameter set: what its rounds measured, table by table. */
    private static final class Cell {
        final Scenario scenario;
        final ScenarioParams params;
        final Map<String, List<List<ResultRow>>> runs = new LinkedHashMap<>();
        final Set<String> failed = new HashSet<>();
        int rounds;

        Cell(Scenario scenario, ScenarioParams params) {
            this.scenario = scenario;
            this.params = params;
        }
    }

    public MacroSuite(Profile profile, PrintStream log, long scheduleSeed) {
        this.profile = profile;
        this.log = log;
        this.scheduleSeed = scheduleSeed;
    }

    /** Measured rounds of every table per parameter set in {@code profile}. */
    public static int rounds(Profile profile) {
        return profile == Profile.QUICK ? 10 : 16;
    }

    /** Warms up and runs {@link #rounds} measured rounds of every scenario over every table. */
    public void run(List<String> scenarios, List<String> tables) {
        long warmStart = System.nanoTime();
        long warmed = 0;
        for (String table : tables) {
            warmed += JitWarmup.warm(table, SEED);
        }
        log.printf(Locale.ROOT, "cowmeta: macro: table operations run hot first (%d rounds each, checksum %d, %.1f s)%n",
                JitWarmup.ROUNDS, warmed, (System.nanoTime() - warmStart) / 1e9);
        List<Cell> todo = new ArrayList<>();
        for (String name : scenarios) {
            Scenario s = ScenarioRegistry.get(name);
            for (ScenarioParams p : s.grid(profile)) {
                todo.add(cells.computeIfAbsent(key(s.name(), p), k -> new Cell(s, p)));
            }
        }
        Progress progress = new Progress("macro", todo.size(), log, 0);
        for (Cell c : todo) {
            long t0 = System.nanoTime();
            warmUp(c, tables);
            runRounds(c, tables, rounds(profile));
            progress.step(c.scenario.name() + " [" + c.params + "]: " + rounds(profile) + " rounds of " + tables.size() + " tables",
                    System.nanoTime() - t0);
        }
    }

    /**
     * {@code extra} more rounds of {@code scenario}'s parameter sets over {@code tables} (the
     * tables a target compares), appended to the rounds already measured.
     */
    public void runMore(String scenario, List<String> tables, int extra) {
        for (Cell c : cells.values()) {
            if (c.scenario.name().equals(scenario)) {
                runRounds(c, tables.stream().filter(c.runs::containsKey).toList(), extra);
            }
        }
    }

    /** Failures, one sentence each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Adds the rows of every cell measured so far. */
    public void addRows(ResultSink sink) {
        for (Cell c : cells.values()) {
            Map<String, Double> p50 = new LinkedHashMap<>();
            c.runs.forEach((table, runs) -> {
                if (c.failed.contains(table) || runs.stream().allMatch(r -> r == null)) {
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

    private void warmUp(Cell c, List<String> tables) {
        // Warm up over every table before measuring any, so the fault path is compiled once
        // for all receiver types and no table is measured against a colder JIT than another.
        for (int round = 0; round < WARMUP_RUNS; round++) {
            for (String table : tables) {
                try {
                    c.scenario.run(new ScenarioContext(table, SEED, log), c.params.withMemoryMiB(Math.max(8, c.params.memoryMiB() / 2)),
                            new MacroMetrics());
                } catch (Exception | OutOfMemoryError e) {
                    // reported by the measured runs
                }
            }
        }
    }

    private void runRounds(Cell c, List<String> tables, int rounds) {
        for (int k = 0; k < rounds; k++) {
            int round = c.rounds++;
            List<String> order = new ArrayList<>(tables);
            Collections.shuffle(order, new Random(scheduleSeed * 31 + key(c.scenario.name(), c.params).hashCode() * 17L + round));
            for (String table : order) {
                if (c.failed.contains(table)) {
                    continue;
                }
                List<List<ResultRow>> runs = c.runs.computeIfAbsent(table, t -> new ArrayList<>());
                while (runs.size() < round) {
                    runs.add(null); // rounds this table was not part of
                }
                try {
                    MacroMetrics m = new MacroMetrics();
                    c.scenario.run(new ScenarioContext(table, SEED, log), c.params, m);
                    runs.add(m.rows(c.scenario.name(), table, c.params.rowParams()));
                } catch (Exception | OutOfMemoryError e) {
                    c.failed.add(table);
                    String msg = "macro " + c.scenario.name() + " [" + c.params + "] on " + table + " failed: " + e;
                    problems.add(msg);
                    log.println("cowmeta: " + msg);
                }
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
