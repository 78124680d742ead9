package org.cowmeta.lab.stats;

import java.util.Arrays;

/**
 * The median of repeated measurements with its distribution-free confidence interval: between the
 * k-th smallest and the k-th largest value, k the largest for which a Binomial(n, ½) variable is
 * below k with probability at most (1 − level)/2 (Hollander and Wolfe §3.6). It assumes nothing of
 * the distribution, so a skewed time (a long right tail of disturbed rounds) gets an honest,
 * asymmetric interval. With fewer than six values 95% cannot be reached: the interval is then the
 * range and {@link Interval#confidence()} says what it covers.
 */
public final class MedianInterval {
    private MedianInterval() {}

    public static Interval of(double[] x, double level) {
        double[] v = Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return Interval.NONE;
        }
        if (n == 1) {
            return new Interval(v[0], v[0], v[0], 0, 1);
        }
        double tail = (1 - level) / 2;
        // cdf[j] = P(B <= j) for B ~ Binomial(n, 1/2)
        double[] cdf = new double[n + 1];
        double p = Math.pow(0.5, n);
        double coef = 1;
        double run = 0;
        for (int j = 0; j <= n; j++) {
            run += coef * p;
            cdf[j] = run;
            coef = coef * (n - j) / (j + 1);
        }
        int k = 1; // P(B <= k - 1) <= tail
        while (k < n / 2 && cdf[k] <= tail) {
            k++;
        }
        double coverage = 1 - 2 * cdf[k - 1];
        return new Interval(HodgesLehmann.median(v), v[k - 1], v[n - k], coverage, n);
    }
}
