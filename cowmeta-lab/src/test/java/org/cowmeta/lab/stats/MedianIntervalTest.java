package org.cowmeta.lab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MedianIntervalTest {
    @Test
    void sixValuesGiveTheRangeAt96Percent() {
        Interval i = MedianInterval.of(new double[] {5, 3, 9, 1, 7, 11}, 0.95);
        assertEquals(6, i.estimate(), 1e-12);
        assertEquals(1, i.low(), 1e-12);
        assertEquals(11, i.high(), 1e-12);
        assertEquals(1 - 2.0 / 64, i.confidence(), 1e-12);
    }

    /** n = 10: P(B <= 1) = 11/1024 <= 0.025 < P(B <= 2) = 56/1024, so k = 2: the 2nd smallest and 2nd largest, 97.9%. */
    @Test
    void tenValuesDropTheExtremes() {
        double[] x = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
        Interval i = MedianInterval.of(x, 0.95);
        assertEquals(5.5, i.estimate(), 1e-12);
        assertEquals(2, i.low(), 1e-12);
        assertEquals(9, i.high(), 1e-12);
        assertEquals(1 - 2 * 11.0 / 1024, i.confidence(), 1e-12);
    }

    @Test
    void aDisturbedRoundWidensOnlyItsSide() {
        Interval i = MedianInterval.of(new double[] {50, 51, 49, 52, 50.5, 49.5, 51.5, 50.2, 49.8, 300}, 0.95);
        assertEquals(49.5, i.low(), 1e-12);
        assertEquals(52, i.high(), 1e-12, "the 2nd largest: one disturbed round does not move the interval to 300");
    }
}
