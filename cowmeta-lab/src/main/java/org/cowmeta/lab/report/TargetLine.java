package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.lab.stats.Threshold;
import org.cowmeta.lab.stats.Threshold.Bound;
import org.cowmeta.lab.stats.Threshold.Verdict;

/**
 * One target checked against one run: what is compared ({@code target}), in which
 * configuration, the two measured figures ({@code subject} and {@code reference}, each a median
 * over rounds with its table), the quantity held against the threshold ({@code measured}, with
 * its 95% interval: a speed ratio reference ÷ subject for times, subject ÷ reference for fault
 * times and metadata, paired round by round; the bytes themselves, exact, for bytes per counted
 * frame), the threshold, and the verdict: met or not met only when the whole interval is on one
 * side of the threshold, else inconclusive. {@code measured} is {@link Interval#NONE} when the run
 * lacks the rows; {@code note} then says which.
 */
public record TargetLine(String id, String target, String configuration, String subject, String subjectWhat,
                         double subjectValue, String reference, String referenceWhat, double referenceValue, String valueUnit,
                         Interval measured, String measuredUnit, Threshold threshold, String note, Rerun rerun) {

    /**
     * What to measure again to narrow the interval of an inconclusive line: micro benchmarks (the
     * i-th of {@code benchmarks} on the i-th of {@code tables}, at {@code log2Size}, {@code keys},
     * {@code phase}, 1 thread, medium utilisation, disjoint frames) or a macro scenario over
     * {@code tables}; or nothing (an exact figure).
     */
    public record Rerun(Kind kind, List<String> benchmarks, List<String> tables, int log2Size, String keys, String phase,
                        String scenario) {
        public enum Kind { NONE, MICRO, MACRO }

        public static final Rerun NONE = new Rerun(Kind.NONE, List.of(), List.of(), 0, "", "", "");

        /** The subject's benchmark on its table and the reference's on its. */
        static Rerun micro(String subjectBench, String subject, String referenceBench, String reference, int log2Size, String keys,
                           String phase) {
            return new Rerun(Kind.MICRO, List.of(subjectBench, referenceBench), List.of(subject, reference), log2Size, keys, phase, "");
        }

        static Rerun macro(String scenario, List<String> tables) {
            return new Rerun(Kind.MACRO, List.of(), List.copyOf(tables), 0, "", "", scenario);
        }
    }

    /** A line without a rerun. */
    public TargetLine(String id, String target, String configuration, String subject, String subjectWhat,
                      double subjectValue, String reference, String referenceWhat, double referenceValue, String valueUnit,
                      Interval measured, String measuredUnit, Threshold threshold, String note) {
        this(id, target, configuration, subject, subjectWhat, subjectValue, reference, referenceWhat, referenceValue, valueUnit,
                measured, measuredUnit, threshold, note, Rerun.NONE);
    }

    /** A line whose measured quantity is exact (no rounds: modeled bytes, or values read without their rounds). */
    static Interval exact(double v) {
        return Double.isFinite(v) ? new Interval(v, v, v, 1, 1) : Interval.NONE;
    }

    public Verdict verdict() {
        if (!Double.isFinite(measured.estimate())) {
            return Verdict.NOT_MEASURED;
        }
        if (!measured.isFinite()) {
            return Verdict.INCONCLUSIVE; // a ratio without an interval cannot be judged
        }
        return threshold.judge(measured);
    }

    public Bound bound() {
        return threshold.bound();
    }

    /** "≥ 3×", "≤ 12 B". */
    public String thresholdText() {
        return threshold.bound().symbol + " " + fmt(threshold.value()) + unitSuffix(measuredUnit);
    }

    /**
     * The measured value, to as many significant digits (3 to 6) as it takes not to print like a
     * threshold it differs from (1.0996 against 1.1 reads "1.0996×", not "1.1×"), with its interval.
     */
    public String measuredText() {
        double v = measured.estimate();
        if (!Double.isFinite(v)) {
            return "–";
        }
        String text = digits(v) + unitSuffix(measuredUnit);
        if (measured.isFinite() && measured.high() > measured.low()) {
            text += " [" + digits(measured.low()) + ", " + digits(measured.high()) + "]";
        } else if (!measured.isFinite()) {
            text += " (no interval)";
        }
        return text;
    }

    private String digits(double v) {
        double t = threshold.value();
        for (int d = 3; d < 6; d++) {
            if (v == t || !fmt(v, d).equals(fmt(t, d))) {
                return fmt(v, d);
            }
        }
        return fmt(v, 6);
    }

    public String subjectText() {
        return figure(subject, subjectWhat, subjectValue);
    }

    public String referenceText() {
        return figure(reference, referenceWhat, referenceValue);
    }

    private String figure(String who, String what, double v) {
        if (who.isEmpty()) {
            return "–";
        }
        return who + (what.isEmpty() ? "" : " " + what) + ": " + (Double.isFinite(v) ? Html.num(v) + " " + valueUnit : "–");
    }

    /** The line as a results row (section {@value Targets#SECTION}): value, low and high are the measured estimate and its interval. */
    public ResultRow toRow() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "target", target);
        put(p, "configuration", configuration);
        put(p, "subject", subject);
        put(p, "subjectWhat", subjectWhat);
        put(p, "subjectValue", Double.isFinite(subjectValue) ? num(subjectValue) : "");
        put(p, "reference", reference);
        put(p, "referenceWhat", referenceWhat);
        put(p, "referenceValue", Double.isFinite(referenceValue) ? num(referenceValue) : "");
        put(p, "valueUnit", valueUnit);
        put(p, "threshold", thresholdText());
        put(p, "thresholdValue", num(threshold.value()));
        put(p, "bound", threshold.bound().name());
        put(p, "confidence", Double.isFinite(measured.confidence()) ? num(measured.confidence()) : "");
        put(p, "rounds", Integer.toString(measured.n()));
        put(p, "verdict", verdict().text);
        put(p, "note", note);
        // the subject's table only when measured, so an unmeasured table does not appear among the run's tables
        String table = Double.isFinite(measured.estimate()) ? subject : "";
        return ResultRow.of(Targets.SECTION, table, id, p, "measured", measured.estimate(), measuredUnit)
                .withSpread(Double.NaN, measured.low(), measured.high());
    }

    /** The cells of the report's table. */
    public List<String> cells() {
        List<String> c = new ArrayList<>();
        c.add(target);
        c.add(configuration);
        c.add(subjectText());
        c.add(referenceText());
        c.add(measuredText());
        c.add(thresholdText());
        c.add(verdict().text);
        c.add(note);
        return c;
    }

    /** One line of console text. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-25s %s: %s %s", "[" + verdict().text + "]", target, measuredText(), thresholdText()));
        if (Double.isFinite(measured.estimate())) {
            b.append(" (").append(subjectText());
            if (!reference.isEmpty()) {
                b.append("; ").append(referenceText());
            }
            b.append(")");
        }
        b.append(" — ").append(configuration);
        if (!note.isEmpty()) {
            b.append(" — ").append(note);
        }
        return b.toString();
    }

    /** results.csv joins params as k=v;k=v: a ';' inside a value would split it, so it becomes ','. Empty values are left out. */
    private static void put(Map<String, String> p, String key, String value) {
        if (!value.isEmpty()) {
            p.put(key, value.replace(';', ','));
        }
    }

    private static String unitSuffix(String unit) {
        return unit.equals("×") ? "×" : " " + unit;
    }

    /** 3 significant digits without trailing zeros: "3", "1.2", "0.0689", "2.17", "1234". */
    static String fmt(double v) {
        return fmt(v, 3);
    }

    /** {@code digits} significant digits without trailing zeros; whole numbers from 10^digits on. */
    static String fmt(double v, int digits) {
        if (Math.abs(v) >= Math.pow(10, digits)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%." + digits + "g", v)).stripTrailingZeros().toPlainString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
