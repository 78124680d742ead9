package org.cowmeta.lab.stats;

import java.util.Locale;

/**
 * An estimate with its confidence interval: {@code low <= estimate <= high} at the stated
 * {@code confidence} (the coverage the method achieves, which for very few samples is below the
 * asked level), from {@code n} samples. All NaN when there is nothing to estimate from.
 */
public record Interval(double estimate, double low, double high, double confidence, int n) {
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    public boolean isFinite() {
        return Double.isFinite(estimate) && Double.isFinite(low) && Double.isFinite(high);
    }

    /** The interval's half-width relative to the estimate: how uncertain it is, comparable across figures. */
    public double relativeWidth() {
        return isFinite() && estimate != 0 ? (high - low) / (2 * Math.abs(estimate)) : Double.POSITIVE_INFINITY;
    }

    /** The interval mapped through exp (an estimate on logs back to a ratio). */
    public Interval exp() {
        return new Interval(Math.exp(estimate), Math.exp(low), Math.exp(high), confidence, n);
    }

    /** "1.52 [1.41, 1.66]" with {@code digits} significant digits. */
    public String text(int digits) {
        if (!isFinite()) {
            return "–";
        }
        String f = "%." + digits + "g";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", estimate, low, high);
    }
}
