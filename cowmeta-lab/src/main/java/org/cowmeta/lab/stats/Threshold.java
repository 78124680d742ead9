package org.cowmeta.lab.stats;

/**
 * A target's threshold: how a measured quantity must relate to {@code value}. A figure with an
 * interval is judged by where the whole interval lies, so noise widens the interval and makes the
 * verdict inconclusive instead of flipping it between met and not met.
 */
public record Threshold(Bound bound, double value) {

    /** How the measured quantity must relate to the threshold. */
    public enum Bound {
        AT_LEAST("≥"), AT_MOST("≤"), BELOW("<");

        public final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }
    }

    /** The three-valued verdict of a measured interval (and not measured when there is none). */
    public enum Verdict {
        MET("met"), NOT_MET("not met"), INCONCLUSIVE("inconclusive"), NOT_MEASURED("not measured in this run");

        public final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /**
     * Met when the whole interval is on the right side of the threshold, not met when the whole
     * interval is on the wrong side, inconclusive when it straddles it. An exact figure (no noise,
     * such as modeled bytes) is an interval of width 0.
     */
    public Verdict judge(Interval measured) {
        if (!measured.isFinite()) {
            return Verdict.NOT_MEASURED;
        }
        double lo = measured.low();
        double hi = measured.high();
        return switch (bound) {
            case AT_LEAST -> lo >= value ? Verdict.MET : hi < value ? Verdict.NOT_MET : Verdict.INCONCLUSIVE;
            case AT_MOST -> hi <= value ? Verdict.MET : lo > value ? Verdict.NOT_MET : Verdict.INCONCLUSIVE;
            case BELOW -> hi < value ? Verdict.MET : lo >= value ? Verdict.NOT_MET : Verdict.INCONCLUSIVE;
        };
    }
}
