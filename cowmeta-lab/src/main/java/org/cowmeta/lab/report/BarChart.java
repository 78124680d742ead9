package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as inline SVG (no script, opens offline): one row per label, one bar
 * per series in each row, the value printed at the bar's end, an optional reference line (e.g.
 * struct page). Non-finite values draw no bar and print "–".
 */
final class BarChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"};
    private static final int LABEL_W = 150;
    private static final int BAR_AREA = 330;
    private static final int BAR_H = 13;

    private final String title;
    private final String unit;
    private final List<String> series = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private String refLabel;
    private double refValue = Double.NaN;

    BarChart(String title, String unit, String... series) {
        this.title = title;
        this.unit = unit;
        this.series.addAll(List.of(series));
    }

    BarChart row(String label, double... v) {
        labels.add(label);
        values.add(v.clone());
        return this;
    }

    BarChart reference(String label, double value) {
        refLabel = label;
        refValue = value;
        return this;
    }

    boolean isEmpty() {
        return labels.isEmpty();
    }

    /** The chart inside a figure with {@code caption}. */
    String svg(String caption) {
        double max = Double.isFinite(refValue) ? refValue : 0;
        for (double[] v : values) {
            for (double x : v) {
                if (Double.isFinite(x)) {
                    max = Math.max(max, x);
                }
            }
        }
        if (max <= 0) {
            max = 1;
        }
        int bars = Math.max(1, series.size());
        int rowH = bars * (BAR_H + 2) + 8;
        int top = 36;
        int height = top + labels.size() * rowH + 24;
        int width = LABEL_W + BAR_AREA + 90;
        StringBuilder s = new StringBuilder();
        s.append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        s.append(text(8, 15, 13, "bold", title + " (" + unit + ")"));
        int lx = 8;
        for (int k = 0; k < series.size() && series.size() > 1; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"21\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, COLORS[k % COLORS.length]));
            s.append(text(lx + 13, 30, 11, "normal", series.get(k)));
            lx += 20 + 7 * series.get(k).length();
        }
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * rowH;
            s.append(text(8, y + rowH / 2 + 3, 11, "normal", labels.get(i)));
            double[] v = values.get(i);
            for (int k = 0; k < v.length; k++) {
                int by = y + 4 + k * (BAR_H + 2);
                if (Double.isFinite(v[k])) {
                    double w = Math.max(1, BAR_AREA * v[k] / max);
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                            LABEL_W, by, w, BAR_H, COLORS[k % COLORS.length]));
                    s.append(text((int) (LABEL_W + w + 4), by + BAR_H - 2, 10, "normal", Html.num(v[k])));
                } else {
                    s.append(text(LABEL_W + 4, by + BAR_H - 2, 10, "normal", "–"));
                }
            }
        }
        if (Double.isFinite(refValue)) {
            double x = LABEL_W + BAR_AREA * refValue / max;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"4,3\"/>",
                    x, top - 2, x, height - 20));
            s.append(text((int) Math.max(8, x - 60), height - 6, 10, "normal", refLabel + " " + Html.num(refValue)));
        }
        s.append("</svg><figcaption>").append(Html.esc(caption)).append("</figcaption></figure>\n");
        return s.toString();
    }

    private static String text(int x, int y, int size, String weight, String t) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>", x, y, size, weight, Html.esc(t));
    }
}
