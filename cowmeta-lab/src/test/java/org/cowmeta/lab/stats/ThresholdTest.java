package org.cowmeta.lab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cowmeta.lab.stats.Threshold.Bound;
import org.cowmeta.lab.stats.Threshold.Verdict;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static Interval of(double lo, double est, double hi) {
        return new Interval(est, lo, hi, 0.95, 8);
    }

    @Test
    void atLeastIsMetOnlyWhenTheWholeIntervalIsAbove() {
        Threshold t = new Threshold(Bound.AT_LEAST, 2);
        assertEquals(Verdict.MET, t.judge(of(2.0, 2.3, 2.6)));
        assertEquals(Verdict.INCONCLUSIVE, t.judge(of(1.9, 2.3, 2.6)), "an estimate above is not enough");
        assertEquals(Verdict.INCONCLUSIVE, t.judge(of(1.5, 1.9, 2.1)), "an estimate below is not enough either");
        assertEquals(Verdict.NOT_MET, t.judge(of(1.5, 1.7, 1.99)));
        assertEquals(Verdict.NOT_MEASURED, t.judge(Interval.NONE));
    }

    @Test
    void atMostAndBelowDifferOnlyAtTheThreshold() {
        Threshold atMost = new Threshold(Bound.AT_MOST, 1.1);
        Threshold below = new Threshold(Bound.BELOW, 1.1);
        assertEquals(Verdict.MET, atMost.judge(of(1.0, 1.05, 1.1)));
        assertEquals(Verdict.INCONCLUSIVE, below.judge(of(1.0, 1.05, 1.1)));
        assertEquals(Verdict.NOT_MET, atMost.judge(of(1.11, 1.2, 1.3)));
        assertEquals(Verdict.NOT_MET, below.judge(of(1.1, 1.2, 1.3)));
        assertEquals(Verdict.INCONCLUSIVE, atMost.judge(of(1.1, 1.2, 1.3)));
    }

    @Test
    void anExactFigureIsJudgedByItsValue() {
        Threshold bytes = new Threshold(Bound.AT_MOST, 12);
        assertEquals(Verdict.MET, bytes.judge(of(11.5, 11.5, 11.5)));
        assertEquals(Verdict.NOT_MET, bytes.judge(of(12.5, 12.5, 12.5)));
    }
}
