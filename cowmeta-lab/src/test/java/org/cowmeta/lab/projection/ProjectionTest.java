package org.cowmeta.lab.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelCostsJson;
import org.cowmeta.lab.kernel.KernelFigure;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.stats.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projection's arithmetic, its rows and text, the report's calibration part, and the cost file's format. */
class ProjectionTest {
    private static final int ROUNDS = 6;

    static KernelCosts costs(double cow, double reuse, double fork) {
        Map<KernelFigure, Interval> f = new EnumMap<>(KernelFigure.class);
        f.put(KernelFigure.COW_FAULT, new Interval(cow, cow * 0.9, cow * 1.1, 0.97, ROUNDS));
        f.put(KernelFigure.REUSE_FAULT, new Interval(reuse, reuse * 0.9, reuse * 1.1, 0.97, ROUNDS));
        f.put(KernelFigure.FORK_PER_PAGE, new Interval(fork, fork * 0.9, fork * 1.1, 0.97, ROUNDS));
        return new KernelCosts("test machine", "2026-01-01T00:00:00Z", 256, ROUNDS, f, Map.of());
    }

    /** fork-snapshot at 256 MiB: dense faults take 300 ns, rhashtable's 300 + extra; forks 10 µs and 10 µs + 65536 × forkExtra. */
    static Results macro(double extraFault, double forkExtraPerPage) {
        Results r = new Results();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("memoryMiB", "256");
        p.put("strategy", "linux");
        for (String t : List.of("dense", "rhashtable")) {
            boolean dense = t.equals("dense");
            List<Double> fault = new ArrayList<>();
            List<Double> fork = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                double wobble = 1 + 0.02 * (i % 3);
                fault.add(300 * wobble + (dense ? 0 : extraFault + i % 2));
                fork.add(10_000 * wobble + (dense ? 0 : forkExtraPerPage * 65536));
            }
            r.add(ResultRow.of("macro", t, "fork-snapshot", p, "faultLatencyP50", fault.get(0), "ns").withSamples(fault));
            r.add(ResultRow.of("macro", t, "fork-snapshot", p, "forkLatencyP50", fork.get(0), "ns").withSamples(fork));
            r.add(ResultRow.of("macro", t, "fork-snapshot", p, "faults", 1000, "count"));
            r.add(ResultRow.of("macro", t, "fork-snapshot", p, "cowFaults", 750, "count"));
        }
        return r;
    }

    private static ResultRow row(Results r, String op, String metric) {
        return r.section(Projection.SECTION).stream()
                .filter(x -> x.param("operation", "").equals(op) && x.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void aFaultsExtraCostIsPutOverTheRealFaultWeightedByCopies() {
        Results r = macro(100, 5);
        Projection.addRows(r, costs(2000, 800, 100), "this host");
        double real = 0.75 * 2000 + 0.25 * 800;
        assertEquals(real, row(r, "fault", "realNanos").value(), 1e-9, "COW and reuse weighted by the share that copied");
        ResultRow extra = row(r, "fault", "extraNanos");
        assertEquals(100.5, extra.value(), 1, "the paired difference of the medians");
        ResultRow slow = row(r, "fault", "projectedSlowdown");
        assertEquals(100 * extra.value() / real, slow.value(), 1e-9);
        assertTrue(slow.low() <= slow.value() && slow.value() <= slow.high(), "the interval holds its centre: " + slow);
        assertTrue(slow.low() >= 100 * extra.low() / (real * 1.1) - 1e-9, "the widest ends of both intervals");
        ResultRow sim = row(r, "fault", "simulatorSlowdown");
        assertTrue(sim.value() > 30 && sim.value() < 37, "the simulator's own ratio, about 100/300: " + sim);
        assertTrue(sim.value() > 5 * slow.value(), "the simulator overstates a real fault's slowdown");
    }

    @Test
    void aForksExtraCostIsPerPopulatedPage() {
        Results r = macro(100, 5);
        Projection.addRows(r, costs(2000, 800, 100), "this host");
        assertEquals(5, row(r, "fork", "extraNanos").value(), 0.01, "per page of the 256 MiB populated");
        assertEquals(5, row(r, "fork", "projectedSlowdown").value(), 0.01, "5 ns over 100 ns");
    }

    @Test
    void nothingIsProjectedWithoutTheFiguresItNeeds() {
        Results r = macro(100, 5);
        Projection.addRows(r, new KernelCosts("x", "", 0, 0, Map.of(), Map.of()), "given: x");
        assertTrue(r.section(Projection.SECTION).isEmpty());
        assertEquals("", Projection.text(r));
    }

    @Test
    void textAndReportCarryTheProjectionAndTheCalibration() {
        Results r = macro(100, 5);
        KernelCosts c = costs(2000, 800, 100);
        KernelRows.addReal(r, c, "this host");
        KernelRows.addSimulated(r, "dense", 128, ROUNDS, protocol(160, 16));
        Projection.addRows(r, c, "this host");
        String text = Projection.text(r);
        assertTrue(text.contains("Projected slowdown of the real operation on this host") && text.contains("rhashtable"), text);
        assertEquals(2, text.lines().filter(l -> l.contains("fork-snapshot")).count(), "a fault and a fork line: " + text);
        String faultLine = text.lines().filter(l -> l.contains("fork-snapshot, fault")).findFirst().orElseThrow();
        String projected = Projection.cell(r.section(Projection.SECTION).stream().filter(x -> x.metric().equals("projectedSlowdown")
                && x.param("operation", "").equals("fault")).findFirst().orElseThrow());
        assertTrue(faultLine.contains(projected), "the fault line carries rhashtable's projected % with its interval: " + faultLine);
        String html = ReportRenderer.render(r);
        assertTrue(html.contains("Calibration against the real kernel"), "the calibration part");
        assertTrue(html.contains("COW write fault") && html.contains("simulator (dense, linux fork)"), "real beside simulated");
        assertTrue(html.contains("TLB flush") && html.contains("anon_vma") && html.contains("mapcount"), "what the simulator leaves out");
        assertTrue(html.contains("projected slowdown — fork-snapshot"), "the chart per scenario");
    }

    /** The probe's protocol on the simulator: COW fault {@code cow} ns and fork {@code fork} ns per page, a little noise. */
    static Map<KernelFigure, List<Double>> protocol(double cow, double fork) {
        Map<KernelFigure, List<Double>> m = new EnumMap<>(KernelFigure.class);
        m.put(KernelFigure.COW_FAULT, List.of(cow, cow + 2, cow - 1, cow + 1, cow, cow + 3));
        m.put(KernelFigure.REUSE_FAULT, List.of(100.0, 101.0, 99.0, 100.0, 102.0, 100.0));
        m.put(KernelFigure.FORK_PER_PAGE, List.of(fork, fork + 0.5, fork - 0.5, fork, fork + 1, fork));
        return m;
    }

    @Test
    void theProbesProtocolIsProjectedPerTablePairedByRound() {
        Results r = new Results();
        KernelRows.addSimulated(r, "dense", 128, ROUNDS, protocol(160, 16));
        KernelRows.addSimulated(r, "rhashtable", 128, ROUNDS, protocol(260, 366));
        Projection.addRows(r, costs(2000, 800, 100), "this host");
        List<ResultRow> rows = r.section(Projection.SECTION).stream().filter(x -> x.benchmark().equals(Projection.PROTOCOL)).toList();
        ResultRow fault = rows.stream().filter(x -> x.param("operation", "").equals("fault") && x.metric().equals("projectedSlowdown"))
                .findFirst().orElseThrow();
        assertEquals(5, fault.value(), 0.2, "100 ns over a 2000 ns COW fault");
        ResultRow fork = rows.stream().filter(x -> x.param("operation", "").equals("fork") && x.metric().equals("projectedSlowdown"))
                .findFirst().orElseThrow();
        assertEquals(350, fork.value(), 5, "350 ns per page over a 100 ns real fork per page");
        assertTrue(fork.low() < fork.value() && fork.value() < fork.high(), "with its interval: " + fork);
        assertTrue(rows.stream().anyMatch(x -> x.param("operation", "").equals("reuse")), "the reuse fault too");
    }

    @Test
    void costFilesRoundTripAndMayGiveBareNumbers(@TempDir Path dir) throws IOException {
        KernelCosts c = costs(2000, 800, 100);
        Path f = dir.resolve("c.json");
        KernelCostsJson.write(c, f);
        assertEquals(c.figures(), KernelCostsJson.read(f).figures());
        Path bare = Files.writeString(dir.resolve("bare.json"), "{\"machine\": \"metal\", \"figures\": {\"cowFault\": 1500, \"forkPerPage\": 40}}");
        KernelCosts b = KernelCostsJson.read(bare);
        assertEquals("metal", b.machine());
        assertEquals(1500, b.figure(KernelFigure.COW_FAULT).orElseThrow().estimate());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"figures\": {\"cowFalt\": 1500}}");
        IOException e = assertThrows(IOException.class, () -> KernelCostsJson.read(bad));
        assertTrue(e.getMessage().contains("unknown figure 'cowFalt'"), e.getMessage());
    }
}
