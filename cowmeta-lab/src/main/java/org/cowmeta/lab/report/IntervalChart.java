package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cowmeta.lab.stats.Interval;

/**
 * Ratios with their confidence intervals as inline SVG (a forest plot): one row per label, a dot
 * at the estimate and a bar across the interval on a logarithmic axis, an optional mark per row
 * (a threshold) and a reference line (e.g. 1×). The colour tells the verdict: green met, red not
 * met, grey inconclusive or without a threshold.
 */
final class IntervalChart {
    private static final int LABEL_W = 260;
    private static final int AXIS_W = 360;
    private static final int ROW_H = 18;

    enum Tone {
        MET("#2e8540"), NOT_MET("#c0392b"), OPEN("#777777");

        final String color;

        Tone(String color) {
            this.color = color;
        }
    }

    private record Row(String label, Interval interval, double mark, Tone tone) {}

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private double reference = Double.NaN;
    private String referenceLabel = "";

    IntervalChart(String title) {
        this.title = title;
    }

    IntervalChart row(String label, Interval interval, double mark, Tone tone) {
        rows.add(new Row(label, interval, mark, tone));
        return this;
    }

    IntervalChart reference(String label, double value) {
        referenceLabel = label;
        reference = value;
        return this;
    }

    boolean isEmpty() {
        return rows.stream().noneMatch(r -> Double.isFinite(r.interval().estimate()));
    }

    String svg(String caption) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            for (double v : new double[] {r.interval().estimate(), r.interval().low(), r.interval().high(), r.mark()}) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (Double.isFinite(reference) && reference > 0) {
            lo = Math.min(lo, reference);
            hi = Math.max(hi, reference);
        }
        if (!(lo < hi)) {
            lo = Double.isFinite(lo) ? lo / 2 : 0.5;
            hi = Double.isFinite(hi) ? hi * 2 : 2;
        }
        double llo = Math.log(lo) - 0.08 * Math.log(hi / lo);
        double lhi = Math.log(hi) + 0.08 * Math.log(hi / lo);
        int top = 26;
        int height = top + rows.size() * ROW_H + 30;
        int width = LABEL_W + AXIS_W + 200;
        StringBuilder s = new StringBuilder();
        s.append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        s.append(text(8, 15, 13, "bold", title));
        for (double tick : ticks(Math.exp(llo), Math.exp(lhi))) {
            double x = x(tick, llo, lhi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, top - 4, x, height - 24));
            s.append(text((int) x - 10, height - 10, 10, "normal", tickLabel(tick) + "×"));
        }
        if (Double.isFinite(reference) && reference > 0) {
            double x = x(reference, llo, lhi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"3,3\"/>",
                    x, top - 4, x, height - 24));
            s.append(text((int) x + 3, top - 6, 10, "normal", referenceLabel));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = top + i * ROW_H + ROW_H / 2;
            s.append(text(8, y + 4, 11, "normal", r.label()));
            Interval iv = r.interval();
            if (Double.isFinite(iv.low()) && Double.isFinite(iv.high()) && iv.low() > 0) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>",
                        x(iv.low(), llo, lhi), y, x(iv.high(), llo, lhi), y, r.tone().color));
            }
            if (Double.isFinite(r.mark()) && r.mark() > 0) {
                double mx = x(r.mark(), llo, lhi);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"1.5\"/>",
                        mx, y - 7, mx, y + 7));
            }
            if (Double.isFinite(iv.estimate()) && iv.estimate() > 0) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"/>", x(iv.estimate(), llo, lhi), y,
                        r.tone().color));
                s.append(text(LABEL_W + AXIS_W + 8, y + 4, 10, "normal", iv.isFinite()
                        ? Html.num(iv.estimate()) + " [" + Html.num(iv.low()) + ", " + Html.num(iv.high()) + "]"
                        : Html.num(iv.estimate())));
            } else {
                s.append(text(LABEL_W + 4, y + 4, 10, "normal", "–"));
            }
        }
        s.append("</svg><figcaption>").append(Html.esc(caption)).append("</figcaption></figure>\n");
        return s.toString();
    }

    /** 0.05, 0.2, 1, 20: a tick's value without trailing zeros. */
    static String tickLabel(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }

    private static double x(double v, double llo, double lhi) {
        return LABEL_W + AXIS_W * (Math.log(v) - llo) / (lhi - llo);
    }

    /** 1-2-5 ticks between lo and hi, at most about eight. */
    static List<Double> ticks(double lo, double hi) {
        List<Double> out = new ArrayList<>();
        double[] steps = {1, 2, 5};
        for (int e = (int) Math.floor(Math.log10(lo)) - 1; e <= (int) Math.ceil(Math.log10(hi)); e++) {
            for (double m : steps) {
                double v = m * Math.pow(10, e);
                if (v >= lo && v <= hi) {
                    out.add(v);
                }
            }
        }
        while (out.size() > 8) {
            List<Double> thinned = new ArrayList<>();
            for (int i = 0; i < out.size(); i += 2) {
                thinned.add(out.get(i));
            }
            out = thinned;
        }
        return out;
    }

    private static String text(int x, int y, int size, String weight, String t) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>", x, y, size, weight,
                Html.esc(t));
    }
}
