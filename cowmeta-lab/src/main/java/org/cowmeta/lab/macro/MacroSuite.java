package org.cowmeta.lab.macro;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cowmeta.lab.report.ResultRow;
import org.cowmeta.lab.report.ResultSink;
import org.cowmeta.lab.run.Profile;

/**
 * Runs macro scenarios over tables: for every scenario and parameter set, a warm-up run of every
 * table at a quarter of the memory (discarded, so the JIT has compiled the fault path for all
 * tables alike), then the measured run of every table. Afterwards, for each table beside {@code dense} in the same run, the
 * time share of the refcount table on the fault path: (p50 fault with the table - p50 fault with
 * dense) / p50 fault with the table, the part of a fault the table adds over the struct-page way.
 */
public final class MacroSuite {
    public static final long SEED = 0xC0FFEE;

    private final Profile profile;
    private final PrintStream log;

    public MacroSuite(Profile profile, PrintStream log) {
        this.profile = profile;
        this.log = log;
    }

    /** Runs and adds rows; returns the sentences worth a note (failures). */
    public List<String> run(List<String> scenarios, List<String> tables, ResultSink sink) {
        List<String> problems = new ArrayList<>();
        for (String name : scenarios) {
            Scenario s = ScenarioRegistry.get(name);
            for (ScenarioParams p : s.grid(profile)) {
                Map<String, Double> p50 = new HashMap<>();
                // Warm up over every table before measuring any, so the fault path is compiled once
                // for all receiver types and no table is measured against a colder JIT than another.
                for (String table : tables) {
                    try {
                        s.run(new ScenarioContext(table, SEED, log), p.withMemoryMiB(Math.max(8, p.memoryMiB() / 4)), new MacroMetrics());
                    } catch (Exception | OutOfMemoryError e) {
                        // reported by the measured run below
                    }
                }
                for (String table : tables) {
                    long t0 = System.nanoTime();
                    try {
                        ScenarioContext ctx = new ScenarioContext(table, SEED, log);
                        MacroMetrics m = new MacroMetrics();
                        s.run(ctx, p, m);
                        List<ResultRow> rows = m.rows(s.name(), table, p.rowParams());
                        rows.forEach(sink::add);
                        double median = rows.stream().filter(r -> r.metric().equals("faultLatencyP50"))
                                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
                        p50.put(table, median);
                        log.printf(Locale.ROOT, "cowmeta: macro %s [%s] %s: %d faults, p50 %.0f ns (%.1f s)%n", s.name(), p, table,
                                m.faults(), median, (System.nanoTime() - t0) / 1e9);
                    } catch (Exception | OutOfMemoryError e) {
                        String msg = "macro " + s.name() + " [" + p + "] on " + table + " failed: " + e;
                        problems.add(msg);
                        log.println("cowmeta: " + msg);
                    }
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
}
