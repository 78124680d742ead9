package org.cowmeta.lab.stats;

/**
 * The null distribution of the Mann–Whitney statistic U for samples of sizes {@code m} and
 * {@code n} (every interleaving of the two equally likely): exact by counting for small samples,
 * the normal approximation beyond. It gives the two-sample Hodges–Lehmann interval its order
 * statistics.
 */
final class RankSum {
    /** Up to this m·n the distribution is counted exactly. */
    static final int EXACT_UP_TO = 2_500;

    private RankSum() {}

    /** The largest {@code c >= 1} with P(U <= c - 1) <= tail, or 1 when even P(U = 0) exceeds it. */
    static int critical(int m, int n, double tail) {
        if ((long) m * n > EXACT_UP_TO) {
            double mean = m * (double) n / 2;
            double sd = Math.sqrt(m * (double) n * (m + n + 1) / 12.0);
            return Math.max(1, (int) Math.floor(mean - Normal.quantile(1 - tail) * sd + 0.5));
        }
        double[] cdf = cdf(m, n);
        int c = 1;
        while (c < cdf.length && cdf[c] <= tail) {
            c++;
        }
        return c;
    }

    /** P(U <= c - 1). */
    static double tailAt(int m, int n, int c) {
        if ((long) m * n > EXACT_UP_TO) {
            double mean = m * (double) n / 2;
            double sd = Math.sqrt(m * (double) n * (m + n + 1) / 12.0);
            return Normal.cdf((c - 0.5 - mean) / sd);
        }
        return c <= 0 ? 0 : cdf(m, n)[c - 1];
    }

    /**
     * cdf[u] = P(U <= u), u = 0..m·n: the number of lattice paths of m and n steps under each
     * area, counted by the recurrence f(m, n, u) = f(m - 1, n, u - n) + f(m, n - 1, u).
     */
    static double[] cdf(int m, int n) {
        int max = m * n;
        // f[j][u] for the current i (i = 0..m) and j = 0..n
        double[][] f = new double[n + 1][max + 1];
        for (int j = 0; j <= n; j++) {
            f[j][0] = 1; // i = 0: one path, area 0
        }
        for (int i = 1; i <= m; i++) {
            double[][] g = new double[n + 1][max + 1];
            g[0][0] = 1; // j = 0: one path, area 0
            for (int j = 1; j <= n; j++) {
                for (int u = 0; u <= i * j; u++) {
                    double v = g[j - 1][u]; // last step from the n side adds nothing
                    if (u >= j) {
                        v += f[j][u - j]; // last step from the m side passes j of the other
                    }
                    g[j][u] = v;
                }
            }
            f = g;
        }
        double total = 0;
        for (double v : f[n]) {
            total += v;
        }
        double[] cdf = new double[max + 1];
        double run = 0;
        for (int u = 0; u <= max; u++) {
            run += f[n][u];
            cdf[u] = run / total;
        }
        return cdf;
    }
}
