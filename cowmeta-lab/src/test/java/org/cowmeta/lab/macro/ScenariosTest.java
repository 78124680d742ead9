package org.cowmeta.lab.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every scenario runs small over a registered table and yields its figures (no timing is asserted). */
class ScenariosTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void everyScenarioRunsSmallAndReportsFaultsAndMetadata() throws Exception {
        Assumptions.assumeTrue(TableRegistry.names().contains("dense"), "the dense table is not registered");
        long seed = 99;
        for (Scenario s : ScenarioRegistry.all()) {
            for (ScenarioParams full : s.grid(Profile.QUICK)) {
                ScenarioParams p = full.withMemoryMiB(8);
                MacroMetrics m = new MacroMetrics();
                s.run(new ScenarioContext("dense", seed, QUIET), p, m);
                List<ResultRow> rows = m.rows(s.name(), "dense", p.rowParams());
                Map<String, Double> byMetric = new java.util.HashMap<>();
                rows.forEach(r -> byMetric.putIfAbsent(r.metric(), r.value()));
                String where = s.name() + " " + p + " seed " + seed;
                assertTrue(byMetric.getOrDefault("faults", 0.0) > 0, "faults in " + where + ": " + byMetric);
                assertTrue(byMetric.containsKey("faultLatencyP50"), where);
                assertTrue(byMetric.getOrDefault("metadataShareOfMemory", 0.0) > 0, "metadata sampled in " + where);
                assertTrue(byMetric.get("refcountCallsPerFault") >= 1, "faults ask the table in " + where);
                assertEquals(MacroMetrics.QUANTILES.length, rows.stream().filter(r -> r.metric().equals("faultLatencyCdf")).count());
            }
        }
    }

    @Test
    void suiteRunsInterleavedRoundsWithIntervalsAndAddsDenseRelativeShare(@TempDir java.nio.file.Path dir) throws Exception {
        Assumptions.assumeTrue(TableRegistry.names().containsAll(List.of("dense", "compact")), "dense and compact are not registered");
        MacroSuite suite = new MacroSuite(Profile.QUICK, dir, QUIET, 1);
        suite.run(List.of("checkpoint-loop"), List.of("dense", "compact"));
        assertTrue(suite.problems().isEmpty(), suite.problems().toString());
        List<ResultRow> rows = new ArrayList<>();
        suite.addRows(rows::add);
        assertTrue(rows.stream().anyMatch(r -> r.table().equals("dense") && r.metric().equals("refcountShareVsDense") && r.value() == 0.0));
        int rounds = MacroSuite.rounds(Profile.QUICK);
        for (String table : List.of("dense", "compact")) {
            ResultRow p50 = rows.stream().filter(r -> r.table().equals(table) && r.metric().equals("faultLatencyP50")).findFirst().orElseThrow();
            assertEquals(rounds, p50.samples().size(), "one value per round");
            assertTrue(p50.samples().stream().allMatch(v -> v > 0));
            assertTrue(p50.low() <= p50.value() && p50.value() <= p50.high(), "the median inside its interval: " + p50);
            ResultRow faults = rows.stream().filter(r -> r.table().equals(table) && r.metric().equals("faults")).findFirst().orElseThrow();
            assertEquals(faults.low(), faults.high(), "a deterministic count is the same every round");
        }
        suite.runMore("checkpoint-loop", List.of("compact", "dense"), 2);
        List<ResultRow> more = new ArrayList<>();
        suite.addRows(more::add);
        assertEquals(rounds + 2, more.stream().filter(r -> r.table().equals("compact") && r.metric().equals("faultLatencyP50"))
                .findFirst().orElseThrow().samples().size(), "extra rounds are appended");
    }

    @Test
    void patternsStayInRange() {
        for (String pattern : AccessPattern.NAMES) {
            long[] seq = AccessPattern.pages(pattern, 1000, 5000, 3);
            assertEquals(5000, seq.length);
            for (long p : seq) {
                assertTrue(p >= 0 && p < 1000, pattern + " page " + p);
            }
        }
        long[] uniform = AccessPattern.pages("uniform", 1000, 1000, 4);
        assertEquals(1000, java.util.Arrays.stream(uniform).distinct().count(), "uniform visits distinct pages first");
    }
}
