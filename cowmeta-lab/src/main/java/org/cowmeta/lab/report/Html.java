package org.cowmeta.lab.report;

import java.util.List;
import java.util.Locale;

/** A tiny HTML writer for the report: escapes text, writes headings, paragraphs and tables. */
public final class Html {
    private final StringBuilder out = new StringBuilder(1 << 16);

    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number with about 3 significant digits, or "–" for NaN. */
    public static String num(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    public Html raw(String html) {
        out.append(html);
        return this;
    }

    public Html text(String text) {
        out.append(esc(text));
        return this;
    }

    public Html h2(String id, String title) {
        out.append("<h2 id=\"").append(esc(id)).append("\">").append(esc(title)).append("</h2>\n");
        return this;
    }

    public Html h3(String title) {
        out.append("<h3>").append(esc(title)).append("</h3>\n");
        return this;
    }

    public Html p(String text) {
        out.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A table; each cell is text (escaped). {@code numeric[i]} right-aligns column i. */
    public Html table(String cssClass, List<String> header, List<List<String>> rows) {
        out.append("<table class=\"").append(esc(cssClass)).append("\"><thead><tr>");
        for (String h : header) {
            out.append("<th>").append(esc(h)).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (String c : row) {
                out.append("<td>").append(esc(c)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
