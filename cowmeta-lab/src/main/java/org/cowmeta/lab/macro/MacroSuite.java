package org.cowmeta.lab.macro;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cowmeta.lab.report.ResultRow;
import org.cowmeta.lab.report.ResultSink;
import org.cowmeta.lab.run.Profile;

/**
 * Runs macro scenarios over tables: first every table's operations hot on a scratch table
 * ({@link JitWarmup}); then for every scenario and parameter set, {@link #WARMUP_RUNS} warm-up
 * runs of every table at half the memory (discarded, so the JIT has compiled the fault path for
 * all tables alike), then {@link #MEASURED_RUNS} measured runs of every table, of which the one
 * with the median fault p50 is reported. Afterwards, for each table beside {@code dense} in the same run, the
 * time share of the refcount table on the fault path: (p50 fault with the table - p50 fault with
 * dense) / p50 fault with the table, the part of a fault the table adds over the struct-page way.
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
    /** Measured runs of every table; the one with the median fault p50 is reported. */
    static final int MEASURED_RUNS = 3;

    private final Profile profile;
    private final PrintStream log;

    public MacroSuite(Profile profile, PrintStream log) {
        this.profile = profile;
        this.log = log;
    }

    /** Runs and adds rows; returns the sentences worth a note (failures). */
    public List<String> run(List<String> scenarios, List<String> tables, ResultSink sink) {
        List<String> problems = new ArrayList<>();
        long warmStart = System.nanoTime();
        long warmed = 0;
        for (String table : tables) {
            warmed += JitWarmup.warm(table, SEED);
        }
        log.printf(Locale.ROOT, "cowmeta: macro: table operations run hot first (%d rounds each, checksum %d, %.1f s)%n",
                JitWarmup.ROUNDS, warmed, (System.nanoTime() - warmStart) / 1e9);
        for (String name : scenarios) {
            Scenario s = ScenarioRegistry.get(name);
            for (ScenarioParams p : s.grid(profile)) {
                Map<String, Double> p50 = new HashMap<>();
                // Warm up over every table before measuring any, so the fault path is compiled once
                // for all receiver types and no table is measured against a colder JIT than another.
                for (int round = 0; round < WARMUP_RUNS; round++) {
                    for (String table : tables) {
                        try {
                            s.run(new ScenarioContext(table, SEED, log), p.withMemoryMiB(Math.max(8, p.memoryMiB() / 2)),
                                    new MacroMetrics());
                        } catch (Exception | OutOfMemoryError e) {
                            // reported by the measured run below
                        }
                    }
                }
                // Measured rounds go round the tables too, so a noisy moment hits one run of each,
                // not all runs of one; each table reports the run with its median p50.
                Map<String, List<Measured>> runs = new HashMap<>();
                Set<String> failed = new HashSet<>();
                for (int round = 0; round < MEASURED_RUNS; round++) {
                    for (String table : tables) {
                        if (failed.contains(table)) {
                            continue;
                        }
                        long t0 = System.nanoTime();
                        try {
                            MacroMetrics m = new MacroMetrics();
                            s.run(new ScenarioContext(table, SEED, log), p, m);
                            Measured run = Measured.of(m, s.name(), table, p);
                            runs.computeIfAbsent(table, k -> new ArrayList<>()).add(run);
                            log.printf(Locale.ROOT, "cowmeta: macro %s [%s] %s run %d: %d faults, p50 %.0f ns (%.1f s)%n",
                                    s.name(), p, table, round + 1, m.faults(), run.p50(), (System.nanoTime() - t0) / 1e9);
                        } catch (Exception | OutOfMemoryError e) {
                            failed.add(table);
                            String msg = "macro " + s.name() + " [" + p + "] on " + table + " failed: " + e;
                            problems.add(msg);
                            log.println("cowmeta: " + msg);
                        }
                    }
                }
                for (String table : tables) {
                    List<Measured> mine = runs.getOrDefault(table, List.of());
                    if (mine.isEmpty() || failed.contains(table)) {
                        continue;
                    }
                    Measured median = Measured.median(mine);
                    median.rows().forEach(sink::add);
                    p50.put(table, median.p50());
                }
                Double dense = p50.get("dense");
                if (dense != null && Double.isFinite(dense)) {
                    p50.forEach((table, v) -> {
                        if (Double.isFinite(v) && v > 0) {
                            sink.add(ResultRow.of(MacroMetrics.SECTION, table, s.name(), p.rowParams(), "refcountShareVsDense",
                                    100 * (v - dense) / v, "%"));
                        }
                    });
                }
            }
        }
        return problems;
    }

    /** One measured run: its rows and its fault p50. */
    private record Measured(List<ResultRow> rows, double p50) {
        static Measured of(MacroMetrics m, String scenario, String table, ScenarioParams p) {
            List<ResultRow> rows = m.rows(scenario, table, p.rowParams());
            double p50 = rows.stream().filter(r -> r.metric().equals("faultLatencyP50"))
                    .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
            return new Measured(rows, p50);
        }

        /** The run with the median p50 (the lower middle one of an even number; NaN sorts last). */
        static Measured median(List<Measured> runs) {
            List<Measured> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Measured::p50));
            return sorted.get((sorted.size() - 1) / 2);
        }
    }
}
