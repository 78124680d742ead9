package org.cowmeta.lab.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.micro.Workload;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweep yields every declared point with sane figures, the report draws it, and the declared defaults are the tables' own. */
class TuningSweepTest {
    private static final long SEED = 42;
    private static Results results;

    @BeforeAll
    static void sweepSmall() {
        results = new Results();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        // 2^13 frames, one short round: exercises the whole path in about a second; no timing is asserted
        new TuningSweep(new TuningSweep.Settings(13, 0, 1, 512), SEED, quiet).run(TableRegistry.names(), results);
    }

    @Test
    void rowsForEveryDeclaredOptionValue() {
        List<String> tunable = Tunables.tunable(TableRegistry.names());
        assertTrue(tunable.contains("compact"), "compact declares its options");
        for (String table : tunable) {
            for (TableSpec.Tunable d : Tunables.of(table)) {
                for (String v : d.values()) {
                    Map<String, String> p = Map.of("option", d.option(), "value", v);
                    List<ResultRow> rows = results.rows(r -> r.table().equals(table) && r.hasParams(p));
                    for (String op : TuningSweep.OPERATIONS) {
                        ResultRow t = rows.stream().filter(r -> r.benchmark().equals(op) && r.metric().equals("time")).findFirst()
                                .orElseThrow(() -> new AssertionError("no " + op + " time for " + table + " " + p));
                        assertTrue(t.value() > 0 && t.low() <= t.value() && t.value() <= t.high(), op + " " + p + ": " + t);
                        assertTrue(t.costLines() >= 1 && t.costLoads() >= 1, "traced cost " + op + " " + p + ": " + t);
                    }
                    double bytes = value(rows, "modeledBytesPerEntry");
                    assertTrue(bytes >= 8, "one 8-byte word per counted frame at least: " + bytes + " at " + p);
                    assertTrue(value(rows, "resizes") >= 0 && value(rows, "load") > 0, "load and resizes recorded at " + p);
                    if (v.equals(d.defaultValue())) {
                        assertEquals(0, value(rows, "resizes"), "the pre-sized default table does not resize while timed");
                    }
                }
            }
        }
    }

    @Test
    void loadFactorTradesBytesAsModeled() {
        double at05 = value(results.rows(r -> r.hasParams(Map.of("option", "loadFactor", "value", "0.5"))), "modeledBytesPerEntry");
        double at09 = value(results.rows(r -> r.hasParams(Map.of("option", "loadFactor", "value", "0.9"))), "modeledBytesPerEntry");
        double load05 = value(results.rows(r -> r.hasParams(Map.of("option", "loadFactor", "value", "0.5"))), "load");
        // 8 B per word / load, plus the spilled counts' side table
        assertEquals(0.5, load05, 0.02, "a table pre-sized at load factor 0.5 sits near it");
        assertTrue(at05 > 15 && at05 < 18, "about 16 B per counted frame at load 0.5: " + at05);
        assertTrue(at09 < at05 * 0.6, "0.9 needs about 5/9 of the bytes of 0.5: " + at09 + " vs " + at05);
    }

    @Test
    void narrowInlineCountsSpillAndCostBytes() {
        double at4 = value(results.rows(r -> r.hasParams(Map.of("option", "inlineBits", "value", "4"))), "modeledBytesPerEntry");
        double at12 = value(results.rows(r -> r.hasParams(Map.of("option", "inlineBits", "value", "12"))), "modeledBytesPerEntry");
        assertTrue(at4 > at12 + 0.3, "counts above 14 spill at 4 bits (a 32-byte side entry each): " + at4 + " vs " + at12);
    }

    @Test
    void reportDrawsTheCurvesAndTheChoice() {
        String html = ReportRenderer.render(results);
        assertTrue(html.contains("id=\"tuning\""), "tuning section present");
        int options = TuningChoice.swept(results.section(TuningSweep.SECTION)).size();
        assertEquals(Tunables.of("compact").size(), options);
        int from = html.indexOf("id=\"tuning\"");
        String section = html.substring(from);
        assertTrue(section.split("<svg").length - 1 >= 3 * options, "three charts per option");
        assertTrue(section.contains("This run's pick: loadFactor") && section.contains("This run's pick: inlineBits"), "choices stated");
        assertTrue(section.contains("Bucket width is not swept"), "the fixed bucket width is explained");
        boolean anyGrown = results.section(TuningSweep.SECTION).stream().anyMatch(r -> r.metric().equals("resizes") && r.value() > 0);
        assertEquals(anyGrown, section.contains("grew anyway"), "points where the table resized are called out");
        assertFalse(html.substring(0, from).contains("This run's pick:"), "the rows are claimed, not repeated under other figures");
    }

    /** A table built without an option behaves as one built with its declared default: the declaration is not stale. */
    @Test
    void declaredDefaultsAreTheTablesOwn() {
        Workload w = Workload.build(13, Workload.Utilisation.HIGH, Workload.Keys.UNIFORM, SEED);
        for (String table : Tunables.tunable(TableRegistry.names())) {
            for (TableSpec.Tunable d : Tunables.of(table)) {
                TableConfig plain = TableConfig.of(w.physicalFrames).withExpectedEntries(w.counted.length).withSeed(SEED);
                for (String v : d.values()) {
                    boolean same = v.equals(d.defaultValue());
                    assertEquals(same, shape(table, plain, w).equals(shape(table, plain.withOption(d.option(), v), w)),
                            table + " " + d.option() + "=" + v + (same ? " should" : " should not")
                                    + " behave as the table without the option (seed " + SEED + ")");
                }
            }
        }
    }

    /** Capacity and modeled bytes after the sweep's fill: differ for any two different values of a declared option. */
    private static List<Long> shape(String table, TableConfig config, Workload w) {
        try (RefCountTable t = TableRegistry.create(table, config)) {
            TuningSweep.populate(t, w.counted);
            return List.of(t.stats().capacity(), t.footprint().modeledBytes());
        }
    }

    @Test
    void choiceTakesTheLeanestValueWithinTheTimeTolerance() {
        Results r = new Results();
        // value: per-op time, bytes, lines. 1 is fastest but big; 3 is leanest within 10%; 4 is leaner but 20% slower.
        // 5 would be leanest and fastest, but the table resized there: it is out.
        TableSpec.Tunable d5 = new TableSpec.Tunable("x", "2", List.of("1", "2", "3", "4", "5"), "test");
        double[][] figures = {{10, 20, 1}, {10.5, 15, 1}, {10.9, 12, 1.2}, {12, 10, 1.5}, {9, 8, 1}};
        for (int i = 0; i < 5; i++) {
            double[] f = figures[i];
            TuningSweep.Timing tm = new TuningSweep.Timing(f[0], f[0], f[0]);
            TuningSweep.Point p = new TuningSweep.Point(new TuningSweep.Timing[] {tm, tm, tm, tm},
                    new double[] {f[2], f[2], f[2], f[2]}, new double[] {1, 1, 1, 1}, f[1], f[1], 0.5, i == 4 ? 1 : 0);
            TuningSweep.rowsFor("t", d5, Integer.toString(i + 1), 1024, p).forEach(r::add);
        }
        TuningChoice.Choice c = TuningChoice.choose(r.rows(), "t", "x").orElseThrow();
        assertEquals("3", c.chosen());
        assertEquals("2", c.currentDefault());
        assertTrue(c.changesDefault());
        assertEquals(4, c.candidates().size(), "the resized value is not a candidate");
    }

    private static double value(List<ResultRow> rows, String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric)).mapToDouble(ResultRow::value).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " in " + rows));
    }
}
