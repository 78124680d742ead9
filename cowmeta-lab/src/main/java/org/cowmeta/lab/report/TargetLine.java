package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of issue 6's targets checked against one run: what is compared ({@code target}), in which
 * configuration, the two measured figures ({@code subject} and {@code reference}, each a median
 * with its table), the quantity held against the threshold ({@code measured}: a speed ratio
 * reference ÷ subject for times, subject ÷ reference for fault times and metadata, the bytes
 * themselves for bytes per counted frame), the threshold, and the verdict. {@code measured} is
 * NaN when the run lacks the rows; {@code note} then says which.
 */
public record TargetLine(String id, String target, String configuration, String subject, String subjectWhat,
                         double subjectValue, String reference, String referenceWhat, double referenceValue, String valueUnit,
                         double measured, String measuredUnit, Bound bound, double threshold, String note) {

    /** How {@code measured} must relate to the threshold. */
    public enum Bound {
        AT_LEAST("≥"), AT_MOST("≤"), BELOW("<");

        public final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double v, double threshold) {
            return switch (this) {
                case AT_LEAST -> v >= threshold;
                case AT_MOST -> v <= threshold;
                case BELOW -> v < threshold;
            };
        }
    }

    public enum Verdict {
        MET("met"), NOT_MET("not met"), NOT_MEASURED("not measured in this run");

        public final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    public Verdict verdict() {
        if (!Double.isFinite(measured)) {
            return Verdict.NOT_MEASURED;
        }
        return bound.holds(measured, threshold) ? Verdict.MET : Verdict.NOT_MET;
    }

    /** "≥ 3×", "≤ 12 B". */
    public String thresholdText() {
        return bound.symbol + " " + fmt(threshold) + unitSuffix(measuredUnit);
    }

    /**
     * The measured value, to as many significant digits (3 to 6) as it takes not to print like a
     * threshold it differs from: 1.0996 against 1.1 reads "1.0996×", not "1.1×" beside "not met".
     */
    public String measuredText() {
        if (!Double.isFinite(measured)) {
            return "–";
        }
        String text = fmt(measured, 6);
        for (int digits = 3; digits < 6; digits++) {
            if (measured == threshold || !fmt(measured, digits).equals(fmt(threshold, digits))) {
                text = fmt(measured, digits);
                break;
            }
        }
        return text + unitSuffix(measuredUnit);
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

    /** The line as a results row (section {@value Targets#SECTION}), so results.json and results.csv carry it. */
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
        put(p, "verdict", verdict().text);
        put(p, "note", note);
        // the subject's table only when measured, so an unmeasured table does not appear among the run's tables
        String table = Double.isFinite(measured) ? subject : "";
        return ResultRow.of(Targets.SECTION, table, id, p, "measured", measured, measuredUnit);
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
        if (Double.isFinite(measured)) {
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
