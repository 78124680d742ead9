package org.cowmeta.lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.stats.Interval;
import org.junit.jupiter.api.Test;

class RowRatiosTest {
    private static ResultRow row(String table, double... rounds) {
        List<Double> s = new ArrayList<>();
        Arrays.stream(rounds).forEach(s::add);
        return ResultRow.of("micro", table, "getHit", Map.of(), "time", rounds[0], "ns/op").withSamples(s);
    }

    @Test
    void pairedRatioIgnoresADriftBothShare() {
        // both tables slow down together by up to 3x; the ratio is 2 in every round
        Interval r = RowRatios.of(row("a", 100, 200, 300, 150, 120, 250), row("b", 50, 100, 150, 75, 60, 125));
        assertEquals(2, r.estimate(), 1e-12);
        assertEquals(2, r.low(), 1e-12);
        assertEquals(2, r.high(), 1e-12);
    }

    @Test
    void roundsOnlyOneSideMeasuredAreLeftOut() {
        Interval r = RowRatios.of(row("a", 100, 100, 100, 100, 100, 100, 900), row("b", 50, 50, 50, 50, 50, 50, Double.NaN));
        assertEquals(6, r.n());
        assertEquals(2, r.estimate(), 1e-12);
    }

    @Test
    void withoutRoundsTheRatioHasNoInterval() {
        Interval r = RowRatios.of(ResultRow.of("micro", "a", "x", Map.of(), "time", 30, "ns"), ResultRow.of("micro", "b", "x", Map.of(), "time", 10, "ns"));
        assertEquals(3, r.estimate(), 1e-12);
        assertFalse(r.isFinite(), "an old results file without rounds gives a ratio but no interval");
    }

    @Test
    void geometricMeanUsesTheMainRoundsAndThePairsMeasuredInAll() {
        // two configurations, six main rounds; the first also got three extra rounds, a third pair only extra rounds
        ResultRow[] one = {row("a", 40, 40, 40, 40, 40, 40, 10, 10, 10), row("b", 10, 10, 10, 10, 10, 10, 10, 10, 10)};
        ResultRow[] two = {row("a", 10, 10, 10, 10, 10, 10), row("b", 10, 10, 10, 10, 10, 10)};
        double n = Double.NaN;
        ResultRow[] extraOnly = {row("a", n, n, n, n, n, n, 1, 1, 1), row("b", n, n, n, n, n, n, 100, 100, 100)};
        Interval g = RowRatios.geometricMean(List.of(one, two, extraOnly));
        assertEquals(2, g.estimate(), 1e-12, "sqrt(4 x 1): the extra rounds and the extra-only pair do not enter");
        assertEquals(6, g.n());
        assertTrue(g.isFinite());
    }
}
