package org.cowmeta.lab.macro;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Which pages a scenario writes, as a precomputed sequence of page indices (built before any
 * timer starts): {@code uniform} a random selection of distinct pages in random order,
 * {@code zipf} draws from a Zipf(0.99) popularity over the pages (hot pages again and again; the
 * ranks are scattered over the address range), {@code sequential} consecutive pages from the
 * start.
 */
public final class AccessPattern {
    public static final List<String> NAMES = List.of("uniform", "zipf", "sequential");
    private static final double ZIPF_S = 0.99;

    private AccessPattern() {}

    static void check(String pattern) {
        if (!NAMES.contains(pattern)) {
            throw new IllegalArgumentException("unknown access pattern '" + pattern + "'; patterns: " + String.join(", ", NAMES));
        }
    }

    /** {@code count} page indices in [0, pages) following {@code pattern}. */
    public static long[] pages(String pattern, long pages, long count, long seed) {
        check(pattern);
        int n = (int) Math.min(count, Integer.MAX_VALUE - 8);
        long[] out = new long[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        switch (pattern) {
            case "sequential" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = i % pages;
                }
            }
            case "uniform" -> {
                long[] perm = permutation(pages, rnd);
                for (int i = 0; i < n; i++) {
                    out[i] = perm[(int) (i % pages)];
                }
            }
            default -> {
                long[] perm = permutation(pages, rnd);
                double[] cdf = zipfCdf((int) pages);
                for (int i = 0; i < n; i++) {
                    int rank = java.util.Arrays.binarySearch(cdf, rnd.nextDouble());
                    rank = rank >= 0 ? rank : Math.min(-rank - 1, (int) pages - 1);
                    out[i] = perm[rank];
                }
            }
        }
        return out;
    }

    private static long[] permutation(long pages, SplittableRandom rnd) {
        long[] p = new long[(int) pages];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        for (int i = p.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, ZIPF_S);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }
}
