package org.cowmeta.lab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HodgesLehmannTest {

    /** The signed-rank null distribution against counting all 2^n sign patterns. */
    @Test
    void signedRankDistributionMatchesEnumeration() {
        for (int n = 1; n <= 12; n++) {
            int max = n * (n + 1) / 2;
            long[] counts = new long[max + 1];
            for (int mask = 0; mask < (1 << n); mask++) {
                int t = 0;
                for (int r = 1; r <= n; r++) {
                    if ((mask & (1 << (r - 1))) != 0) {
                        t += r;
                    }
                }
                counts[t]++;
            }
            double[] cdf = SignedRank.cdf(n);
            long run = 0;
            for (int t = 0; t <= max; t++) {
                run += counts[t];
                assertEquals(run / Math.pow(2, n), cdf[t], 1e-12, "n=" + n + " t=" + t);
            }
        }
    }

    /** Tabulated two-sided 5% critical values (Hollander and Wolfe, Table A.4): the interval uses order statistic c = T + 1. */
    @Test
    void signedRankCriticalValuesMatchTables() {
        assertEquals(1, SignedRank.critical(6, 0.025), "n=6: T=0");
        assertEquals(3, SignedRank.critical(7, 0.025), "n=7: T=2");
        assertEquals(4, SignedRank.critical(8, 0.025), "n=8: T=3");
        assertEquals(6, SignedRank.critical(9, 0.025), "n=9: T=5");
        assertEquals(9, SignedRank.critical(10, 0.025), "n=10: T=8");
        assertEquals(26, SignedRank.critical(15, 0.025), "n=15: T=25");
        assertEquals(53, SignedRank.critical(20, 0.025), "n=20: T=52");
        // too few samples for 95%: the widest interval, and its true coverage
        assertEquals(1, SignedRank.critical(5, 0.025));
        assertEquals(1 - 2.0 / 32, 1 - 2 * SignedRank.tailAt(5, 1), 1e-12);
    }

    /** Tabulated two-sided 5% critical values of Mann–Whitney U: c = U + 1. */
    @Test
    void rankSumCriticalValuesMatchTables() {
        assertEquals(3, RankSum.critical(5, 5, 0.025), "5,5: U=2");
        assertEquals(6, RankSum.critical(6, 6, 0.025), "6,6: U=5");
        assertEquals(14, RankSum.critical(8, 8, 0.025), "8,8: U=13");
        assertEquals(24, RankSum.critical(10, 10, 0.025), "10,10: U=23");
        assertEquals(9, RankSum.critical(6, 8, 0.025), "6,8: U=8");
    }

    /** The Mann–Whitney null distribution against enumerating every split of m + n ranks. */
    @Test
    void rankSumDistributionMatchesEnumeration() {
        for (int m = 1; m <= 6; m++) {
            for (int n = 1; n <= 6; n++) {
                long[] counts = new long[m * n + 1];
                long total = 0;
                for (int mask = 0; mask < (1 << (m + n)); mask++) {
                    if (Integer.bitCount(mask) != m) {
                        continue;
                    }
                    int u = 0; // pairs (x, y) with x above y: x at a set bit above an unset one
                    int ysBelow = 0;
                    for (int pos = 0; pos < m + n; pos++) {
                        if ((mask & (1 << pos)) != 0) {
                            u += ysBelow;
                        } else {
                            ysBelow++;
                        }
                    }
                    counts[u]++;
                    total++;
                }
                double[] cdf = RankSum.cdf(m, n);
                long run = 0;
                for (int u = 0; u <= m * n; u++) {
                    run += counts[u];
                    assertEquals((double) run / total, cdf[u], 1e-12, "m=" + m + " n=" + n + " u=" + u);
                }
            }
        }
    }

    @Test
    void oneSampleOfAKnownSample() {
        // Walsh averages of 1..6: 21 values with median 3.5; six samples reach 96.9% with the extremes
        Interval i = HodgesLehmann.oneSample(new double[] {6, 1, 5, 2, 4, 3}, 0.95);
        assertEquals(3.5, i.estimate(), 1e-12);
        assertEquals(1, i.low(), 1e-12);
        assertEquals(6, i.high(), 1e-12);
        assertEquals(1 - 2.0 / 64, i.confidence(), 1e-12);
        assertEquals(6, i.n());

        // ten samples: c = 9, the 9th smallest and largest of 55 Walsh averages
        double[] x = {1.1, 0.9, 1.3, 1.0, 1.2, 0.95, 1.05, 1.15, 0.85, 2.5};
        Interval j = HodgesLehmann.oneSample(x, 0.95);
        double[] walsh = walsh(x);
        assertEquals(walsh[8], j.low(), 1e-12);
        assertEquals(walsh[walsh.length - 9], j.high(), 1e-12);
        assertEquals(walsh[27], j.estimate(), 1e-12);
        assertTrue(j.estimate() < 1.2, "one outlier (2.5) moves the estimate little: " + j);
    }

    @Test
    void pairedRatioIsOnTheRatioScale() {
        double[] ref = {200, 210, 190, 205, 195, 400};
        double[] subj = {100, 105, 95, 102.5, 97.5, 200};
        Interval r = HodgesLehmann.pairedRatio(ref, subj, 0.95);
        assertEquals(2.0, r.estimate(), 1e-9, "every round has ratio 2");
        assertEquals(2.0, r.low(), 1e-9);
        assertEquals(2.0, r.high(), 1e-9);
        // a NaN round is dropped, not propagated
        Interval s = HodgesLehmann.pairedRatio(new double[] {2, Double.NaN, 4}, new double[] {1, 1, 2}, 0.95);
        assertEquals(2, s.n());
    }

    @Test
    void shiftOfTwoKnownSamples() {
        double[] x = {10, 11, 12, 13, 14};
        double[] y = {15, 16, 17, 18, 19};
        Interval d = HodgesLehmann.shift(x, y, 0.95);
        assertEquals(5, d.estimate(), 1e-12);
        // the 25 differences y - x: 1, 2, 2, 3, 3, 3, ... 8, 8, 9; c = 3: the 3rd smallest (2) and 3rd largest (8)
        assertEquals(2, d.low(), 1e-12);
        assertEquals(8, d.high(), 1e-12);
        Interval ratio = HodgesLehmann.ratio(new double[] {100, 101, 99, 100.5, 99.5}, new double[] {110, 111.1, 108.9, 110.55, 109.45}, 0.95);
        assertEquals(1.1, ratio.estimate(), 1e-9);
    }

    /** The interval covers the true centre about as often as it says (symmetric noise, 8 rounds). */
    @Test
    void coverageIsAtLeastTheStatedLevel() {
        SplittableRandom r = new SplittableRandom(7);
        int trials = 4000;
        int covered = 0;
        double stated = 0;
        for (int t = 0; t < trials; t++) {
            double[] x = new double[8];
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 + (r.nextDouble() - 0.5) * 2 + (r.nextDouble() - 0.5);
            }
            Interval i = HodgesLehmann.oneSample(x, 0.95);
            stated = i.confidence();
            if (i.low() <= 3 && 3 <= i.high()) {
                covered++;
            }
        }
        double rate = covered / (double) trials;
        assertTrue(rate >= stated - 0.015, "covered " + rate + " of trials, stated " + stated);
        assertTrue(rate <= stated + 0.03, "covered " + rate + " of trials, stated " + stated);
    }

    private static double[] walsh(double[] x) {
        int n = x.length;
        double[] w = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                w[k++] = (x[i] + x[j]) / 2;
            }
        }
        Arrays.sort(w);
        return w;
    }
}
