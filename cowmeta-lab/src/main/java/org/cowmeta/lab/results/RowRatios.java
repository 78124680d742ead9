package org.cowmeta.lab.results;

import java.util.ArrayList;
import java.util.List;
import org.cowmeta.lab.stats.HodgesLehmann;
import org.cowmeta.lab.stats.Interval;

/**
 * Ratios between figures of one run, paired round by round: round i of one row against round i
 * of the other (the same round of the interleaved schedule, so a disturbance of the machine falls
 * on both), estimated by Hodges–Lehmann on the logs of the per-round ratios with its 95% interval.
 * Rows without rounds (read from an older results.json) give the ratio of their values with no
 * interval.
 */
public final class RowRatios {
    /** The confidence level of every interval the lab reports. */
    public static final double LEVEL = 0.95;

    private RowRatios() {}

    /** numerator ÷ denominator, paired by round. */
    public static Interval of(ResultRow numerator, ResultRow denominator) {
        double[][] p = paired(numerator, denominator);
        if (p[0].length == 0) {
            double r = numerator.value() / denominator.value();
            return Double.isFinite(r) ? new Interval(r, Double.NaN, Double.NaN, Double.NaN, 1) : Interval.NONE;
        }
        return HodgesLehmann.pairedRatio(p[0], p[1], LEVEL);
    }

    /**
     * The geometric mean over several pairs of rows of numerator ÷ denominator, paired by round:
     * per round the geometric mean of that round's ratios, then the Hodges–Lehmann estimate over
     * rounds. The rounds are those that measured the most pairs (the run's main rounds; extra
     * rounds given to single targets are left out), and the pairs those they measured, so each
     * round's mean is over the same configurations. Without rounds, the geometric mean of the values.
     */
    public static Interval geometricMean(List<ResultRow[]> pairs) {
        if (pairs.isEmpty()) {
            return Interval.NONE;
        }
        int rounds = 0;
        for (ResultRow[] p : pairs) {
            rounds = Math.max(rounds, Math.min(p[0].samples().size(), p[1].samples().size()));
        }
        if (rounds == 0) {
            double s = 0;
            int n = 0;
            for (ResultRow[] p : pairs) {
                double r = p[0].value() / p[1].value();
                if (r > 0 && Double.isFinite(r)) {
                    s += Math.log(r);
                    n++;
                }
            }
            return n == 0 ? Interval.NONE : new Interval(Math.exp(s / n), Double.NaN, Double.NaN, Double.NaN, 1);
        }
        // Rounds grouped by the set of pairs they measured; the group with the most pairs (then
        // the most rounds) is the run's main rounds.
        java.util.Map<java.util.BitSet, List<Integer>> bySet = new java.util.LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            java.util.BitSet set = new java.util.BitSet();
            for (int i = 0; i < pairs.size(); i++) {
                if (at(pairs.get(i)[0], round) > 0 && at(pairs.get(i)[1], round) > 0) {
                    set.set(i);
                }
            }
            if (!set.isEmpty()) {
                bySet.computeIfAbsent(set, k -> new ArrayList<>()).add(round);
            }
        }
        java.util.Map.Entry<java.util.BitSet, List<Integer>> main = bySet.entrySet().stream()
                .max(java.util.Comparator.comparingInt((java.util.Map.Entry<java.util.BitSet, List<Integer>> e) -> e.getKey().cardinality())
                        .thenComparingInt(e -> e.getValue().size()))
                .orElse(null);
        if (main == null) {
            return Interval.NONE;
        }
        List<Integer> base = main.getValue();
        List<ResultRow[]> kept = new ArrayList<>();
        main.getKey().stream().forEach(i -> kept.add(pairs.get(i)));
        double[] logs = new double[base.size()];
        for (int i = 0; i < logs.length; i++) {
            int round = base.get(i);
            double s = 0;
            for (ResultRow[] p : kept) {
                s += Math.log(at(p[0], round) / at(p[1], round));
            }
            logs[i] = s / kept.size();
        }
        return HodgesLehmann.oneSample(logs, LEVEL).exp();
    }

    /** The rounds both rows measured: {numerator values, denominator values}. */
    static double[][] paired(ResultRow a, ResultRow b) {
        int n = Math.min(a.samples().size(), b.samples().size());
        List<double[]> both = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = a.samples().get(i);
            double y = b.samples().get(i);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                both.add(new double[] {x, y});
            }
        }
        double[][] out = new double[2][both.size()];
        for (int i = 0; i < both.size(); i++) {
            out[0][i] = both.get(i)[0];
            out[1][i] = both.get(i)[1];
        }
        return out;
    }

    private static double at(ResultRow r, int round) {
        return round < r.samples().size() ? r.samples().get(round) : Double.NaN;
    }
}
