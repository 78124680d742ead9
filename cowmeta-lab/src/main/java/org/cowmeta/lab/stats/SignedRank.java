package org.cowmeta.lab.stats;

/**
 * The null distribution of Wilcoxon's signed-rank statistic T+ for {@code n} samples (every sign
 * of the ranks 1..n equally likely): exact by counting for the sample counts a lab run has, by
 * the normal approximation beyond. It gives the Hodges–Lehmann interval its order statistics.
 */
final class SignedRank {
    /** Up to this n the distribution is counted exactly (2^n outcomes, counted in doubles). */
    static final int EXACT_UP_TO = 200;

    private SignedRank() {}

    /**
     * The largest {@code c >= 1} with P(T+ <= c - 1) <= tail, or 1 when even P(T+ = 0) exceeds it
     * (too few samples for the asked level).
     */
    static int critical(int n, double tail) {
        if (n > EXACT_UP_TO) {
            double mean = n * (n + 1) / 4.0;
            double sd = Math.sqrt(n * (n + 1) * (2.0 * n + 1) / 24.0);
            return Math.max(1, (int) Math.floor(mean - Normal.quantile(1 - tail) * sd + 0.5));
        }
        double[] cdf = cdf(n);
        int c = 1;
        while (c < cdf.length && cdf[c] <= tail) { // cdf[c] = P(T+ <= c)
            c++;
        }
        return c; // P(T+ <= c - 1) <= tail < P(T+ <= c)
    }

    /** P(T+ <= c - 1) for the critical value c: half the interval's miss probability. */
    static double tailAt(int n, int c) {
        if (n > EXACT_UP_TO) {
            double mean = n * (n + 1) / 4.0;
            double sd = Math.sqrt(n * (n + 1) * (2.0 * n + 1) / 24.0);
            return Normal.cdf((c - 0.5 - mean) / sd);
        }
        return c <= 0 ? 0 : cdf(n)[c - 1];
    }

    /** cdf[t] = P(T+ <= t), t = 0..n(n+1)/2. */
    static double[] cdf(int n) {
        int max = n * (n + 1) / 2;
        double[] counts = new double[max + 1];
        counts[0] = 1;
        int reach = 0;
        for (int rank = 1; rank <= n; rank++) {
            reach += rank;
            for (int t = reach; t >= rank; t--) {
                counts[t] += counts[t - rank];
            }
        }
        double total = Math.pow(2, n);
        double[] cdf = new double[max + 1];
        double run = 0;
        for (int t = 0; t <= max; t++) {
            run += counts[t];
            cdf[t] = run / total;
        }
        return cdf;
    }
}
