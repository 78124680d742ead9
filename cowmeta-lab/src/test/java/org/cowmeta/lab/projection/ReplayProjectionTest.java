package org.cowmeta.lab.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.replay.ReplayRows;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.junit.jupiter.api.Test;

/** The dynamic replays' faults and forks projected onto a real kernel, on a small synthetic replay. */
class ReplayProjectionTest {
    static final long COW_WRITES = 1000;
    static final long PAGES = 50_000;

    /**
     * One fork pair replayed with the linux strategy over dense and rhashtable in {@code rounds}
     * rounds: dense spends 300 µs in its 1000 COW faults and 2 ms in its fork; rhashtable 200 ns
     * more per fault and 10 ns more per forked page, give or take a little per round.
     */
    static Results replay(int rounds) {
        Results r = new Results();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("capture", "redis.txt.gz");
        p.put("strategy", "linux");
        p.put("parent", "100");
        p.put("child", "101");
        p.put("writes", "1500");
        p.put("timer", "thread CPU time of a plain loop (not JMH)");
        p.put("rounds", Integer.toString(rounds));
        for (String t : List.of("dense", "rhashtable")) {
            boolean dense = t.equals("dense");
            List<Double> cow = new ArrayList<>();
            List<Double> fork = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                double wobble = 1 + 0.05 * (i % 3); // a noisy round slows both alike
                cow.add(300_000 * wobble + (dense ? 0 : COW_WRITES * (200 + i % 2)));
                fork.add(2_000_000 * wobble + (dense ? 0 : PAGES * (10 + 0.1 * (i % 2))));
            }
            r.add(ResultRow.of(ReplayRows.DYNAMIC, t, "forkReplay", p, "cowWrites", COW_WRITES, "writes"));
            r.add(ResultRow.of(ReplayRows.DYNAMIC, t, "forkReplay", p, "preForkPages", PAGES, "pages"));
            r.add(ResultRow.of(ReplayRows.DYNAMIC, t, "forkReplay", p, "cowFaultTime", cow.get(0), "ns").withSamples(cow));
            r.add(ResultRow.of(ReplayRows.DYNAMIC, t, "forkReplay", p, "forkTime", fork.get(0), "ns").withSamples(fork));
        }
        return r;
    }

    private static ResultRow row(Results r, String op, String metric) {
        return r.section(Projection.SECTION).stream().filter(x -> x.benchmark().startsWith(ReplayProjection.PREFIX)
                && x.param("operation", "").equals(op) && x.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void theSectionNamedIsTheOneTheReplayWrites() {
        assertEquals(ReplayRows.DYNAMIC, ReplayProjection.DYNAMIC);
    }

    @Test
    void aReplaysCowFaultsAndForkAreProjectedPerFaultAndPerPagePairedByRound() {
        Results r = replay(7);
        Projection.addRows(r, ProjectionTest.costs(2000, 800, 100), "this host");
        ResultRow extra = row(r, "fault", "extraNanos");
        assertEquals("replay redis", extra.benchmark());
        assertEquals("linux", extra.param("strategy", ""));
        assertEquals(200.5, extra.value(), 0.6, "the paired per-round difference per COW write");
        assertTrue(extra.low() >= 199.9 && extra.high() <= 201.1 && extra.low() < extra.high(),
                "paired by round, the noise both share cancels: " + extra);
        assertEquals(2000, row(r, "fault", "realNanos").value(), 1e-9, "every timed replay write copies: the real COW fault");
        ResultRow slow = row(r, "fault", "projectedSlowdown");
        assertEquals(10, slow.value(), 0.05, "200 ns over a 2000 ns COW fault");
        assertTrue(slow.low() >= 100 * 199.9 / 2200 - 1e-9 && slow.high() <= 100 * 201.1 / 1800 + 1e-9
                && slow.low() < 10 && slow.high() > 10, "the widest ends of both intervals: " + slow);

        ResultRow forkExtra = row(r, "fork", "extraNanos");
        assertEquals(10.05, forkExtra.value(), 0.06, "per page the parent had before the fork");
        ResultRow forkSlow = row(r, "fork", "projectedSlowdown");
        assertEquals(10, forkSlow.value(), 0.1, "10 ns over a 100 ns real fork per page");
        assertTrue(forkSlow.low() < forkSlow.value() && forkSlow.value() < forkSlow.high(), "with its interval: " + forkSlow);
        ResultRow sim = row(r, "fork", "simulatorSlowdown");
        assertEquals(100.0 * PAGES * 10.05 / 2_000_000, sim.value(), 2, "the simulator's own ratio of the forks, in percent: " + sim);
        assertFalse(r.section(Projection.SECTION).stream().anyMatch(x -> x.params().containsKey("interval")), "seven rounds: intervals");
    }

    @Test
    void aReplayOfOneRoundGivesValuesWithoutAnIntervalAndSaysSo() {
        Results r = replay(1);
        Projection.addRows(r, ProjectionTest.costs(2000, 800, 100), "this host");
        for (String op : List.of("fault", "fork")) {
            for (String metric : List.of("extraNanos", "projectedSlowdown", "simulatorSlowdown")) {
                ResultRow x = row(r, op, metric);
                assertTrue(Double.isFinite(x.value()), op + " " + metric + " has a value");
                assertTrue(Double.isNaN(x.low()) && Double.isNaN(x.high()), op + " " + metric + ": no interval from one round: " + x);
                assertEquals(ReplayProjection.ONE_ROUND, x.param("interval", ""));
            }
        }
        assertEquals(10, row(r, "fault", "projectedSlowdown").value(), 0.01, "200 ns over 2000 ns");
        String text = Projection.text(r);
        assertTrue(text.contains("replay redis (linux), fault") && text.contains("one round per table"), text);
        String html = ReportRenderer.render(r);
        assertTrue(html.contains("projected slowdown — replay redis (linux)"), "a chart for the replay beside the scenarios");
        assertTrue(html.contains("a replay run with one round per table (--quick)"), "the report says why");
    }

    @Test
    void replaysAndMacroScenariosAreProjectedSideBySide() {
        Results r = ProjectionTest.macro(100, 5);
        replay(7).rows().forEach(r::add);
        Projection.addRows(r, ProjectionTest.costs(2000, 800, 100), "this host");
        String text = Projection.text(r);
        assertTrue(text.contains("fork-snapshot, fault") && text.contains("replay redis (linux), fork"), text);
        String html = ReportRenderer.render(r);
        assertTrue(html.contains("projected slowdown — fork-snapshot") && html.contains("projected slowdown — replay redis (linux)"));
    }
}
