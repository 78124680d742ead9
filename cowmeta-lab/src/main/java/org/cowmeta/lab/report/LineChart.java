package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG (no script, opens offline): one line with markers per series, axes
 * with ticks, a legend, optional log scales (base 2 on x for sizes and thread counts, base 10
 * for latencies). Points with non-finite or, on a log axis, non-positive coordinates are skipped.
 */
public final class LineChart {
    static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728"};
    private static final int W = 540;
    private static final int H = 330;
    private static final int LEFT = 62;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 44;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logX;
    private int logXBase = 2;
    private boolean logY;
    private boolean yFromZero = true;
    private final List<String> names = new ArrayList<>();
    private final List<List<double[]>> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart logX(int base) {
        logX = true;
        logXBase = base;
        return this;
    }

    public LineChart logY() {
        logY = true;
        yFromZero = false;
        return this;
    }

    /** Adds a point to series {@code name} (created on first use). */
    public LineChart point(String name, double x, double y) {
        int i = names.indexOf(name);
        if (i < 0) {
            names.add(name);
            series.add(new ArrayList<>());
            i = names.size() - 1;
        }
        if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
            series.get(i).add(new double[] {x, y});
        }
        return this;
    }

    public boolean isEmpty() {
        return series.stream().allMatch(List::isEmpty);
    }

    private double tx(double x) {
        return logX ? Math.log(x) / Math.log(logXBase) : x;
    }

    private double ty(double y) {
        return logY ? Math.log10(y) : y;
    }

    /** The chart inside a figure with {@code caption}. */
    public String svg(String caption) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (List<double[]> s : series) {
            s.sort((a, b) -> Double.compare(a[0], b[0]));
            for (double[] p : s) {
                x0 = Math.min(x0, tx(p[0]));
                x1 = Math.max(x1, tx(p[0]));
                y0 = Math.min(y0, ty(p[1]));
                y1 = Math.max(y1, ty(p[1]));
            }
        }
        if (!Double.isFinite(x0)) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (yFromZero) {
            y0 = Math.min(0, y0);
        }
        if (x1 - x0 < 1e-9) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 - y0 < 1e-12) {
            y1 = y0 + (logY ? 1 : Math.max(1, Math.abs(y0)));
        }
        double yPad = (y1 - y0) * 0.06;
        y1 += yPad;
        if (!yFromZero) {
            y0 -= yPad;
        }
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        final double fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + (v - fx0) / (fx1 - fx0) * pw;
        java.util.function.DoubleUnaryOperator py = v -> TOP + ph - (v - fy0) / (fy1 - fy0) * ph;

        StringBuilder s = new StringBuilder();
        s.append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        s.append(text(LEFT, 18, 13, "bold", "start", title));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>", LEFT, TOP, pw, ph));
        // x ticks
        for (double t : ticks(x0, x1, logX)) {
            double x = px.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, TOP, x, TOP + ph));
            String label = logX ? (logXBase == 2 ? (t >= 0 && t <= 4 ? Html.num(Math.pow(2, t)) : "2^" + (long) t) : Html.num(Math.pow(logXBase, t))) : Html.num(t);
            s.append(text((int) x, TOP + ph + 14, 10, "normal", "middle", label));
        }
        for (double t : ticks(y0, y1, logY)) {
            double y = py.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", LEFT, y, LEFT + pw, y));
            s.append(text(LEFT - 4, (int) y + 3, 10, "normal", "end", logY ? Html.num(Math.pow(10, t)) : Html.num(t)));
        }
        s.append(text(LEFT + pw / 2, H - 10, 11, "normal", "middle", xLabel));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                TOP + ph / 2, TOP + ph / 2, Html.esc(yLabel)));
        for (int i = 0; i < series.size(); i++) {
            List<double[]> pts = series.get(i);
            String color = COLORS[i % COLORS.length];
            if (pts.isEmpty()) {
                continue;
            }
            StringBuilder path = new StringBuilder();
            for (double[] p : pts) {
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        px.applyAsDouble(tx(p[0])), py.applyAsDouble(ty(p[1]))));
            }
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.8\"/>");
            if (pts.size() <= 40) {
                for (double[] p : pts) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.8\" fill=\"%s\"><title>%s: %s, %s</title></circle>",
                            px.applyAsDouble(tx(p[0])), py.applyAsDouble(ty(p[1])), color, Html.esc(names.get(i)), Html.num(p[0]), Html.num(p[1])));
                }
            }
            int ly = TOP + 8 + i * 15;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>", LEFT + pw + 10, ly - 4, color));
            s.append(text(LEFT + pw + 26, ly, 11, "normal", "start", names.get(i)));
        }
        s.append("</svg><figcaption>").append(Html.esc(caption)).append("</figcaption></figure>\n");
        return s.toString();
    }

    /** About five round tick positions in [lo, hi] (in transformed units on a log axis: whole exponents). */
    static List<Double> ticks(double lo, double hi, boolean log) {
        List<Double> t = new ArrayList<>();
        if (log) {
            double step = Math.max(1, Math.ceil((hi - lo) / 8));
            for (double v = Math.ceil(lo); v <= hi + 1e-9; v += step) {
                t.add(v);
            }
            return t;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
            t.add(Math.abs(v) < 1e-12 ? 0 : v);
        }
        return t;
    }

    private static String text(int x, int y, int size, String weight, String anchor, String t) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\">%s</text>",
                x, y, size, weight, anchor, Html.esc(t));
    }
}
