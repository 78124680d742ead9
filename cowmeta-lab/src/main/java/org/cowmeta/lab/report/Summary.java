package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.RowRatios;
import org.cowmeta.lab.stats.Interval;

/**
 * The summary that ranks the tables: for each table its headline figures (median ns per call of
 * the main micro benchmarks at the largest size measured, bytes per counted frame, fault latency
 * when macro scenarios ran) and its time as a ratio to {@code rhashtable} and {@code dense}:
 * the geometric mean over every micro benchmark configuration both tables ran in this run, paired
 * round by round, with its 95% interval ({@link RowRatios#geometricMean}). Tables are ranked by
 * the geometric mean of their time relative to the median table of each configuration (lower is
 * faster). Used by the report and printed at the end of a run; the ratios are also rows of
 * section {@value #SECTION}, so results.json carries their intervals.
 */
public final class Summary {
    public static final List<String> ANCHORS = List.of("rhashtable", "dense");
    public static final String SECTION = "summary";

    /** Headline micro benchmarks: name, column title, the key set they are quoted for. */
    private static final String[][] HEADLINES = {
            {"getHit", "get hit ns", "uniform"},
            {"getMiss", "get miss ns", "uniform"},
            {"insertRemove", "insert+remove ns", "uniform"},
            {"pageTableBatch", "page table copy+teardown µs", "clustered"},
    };

    /** A table's line: its figures by column, and for the ratio columns their intervals. */
    public record Line(int rank, String table, Map<String, Double> figures, Map<String, Interval> ratios, double score) {}

    private final List<String> columns;
    private final List<Line> lines;

    private Summary(List<String> columns, List<Line> lines) {
        this.columns = columns;
        this.lines = lines;
    }

    public List<String> columns() {
        return columns;
    }

    public List<Line> lines() {
        return lines;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public static Summary of(Results results) {
        List<ResultRow> micro = results.rows(r -> r.section().equals("micro") && r.metric().equals("time"));
        List<String> tables = results.tables();
        // time per configuration and table
        Map<String, Map<String, ResultRow>> byConfig = new LinkedHashMap<>();
        for (ResultRow r : micro) {
            byConfig.computeIfAbsent(configKey(r), k -> new HashMap<>()).put(r.table(), r);
        }
        List<String> columns = new ArrayList<>(List.of("rank", "table"));
        for (String[] h : HEADLINES) {
            columns.add(h[1]);
        }
        columns.add("modeled B/counted frame");
        boolean macro = results.rows().stream().anyMatch(r -> r.section().equals("macro") && r.metric().equals("faultLatencyP50"));
        if (macro) {
            columns.add("fault p50 ns (geo. mean)");
        }
        List<String> anchors = ANCHORS.stream().filter(tables::contains).toList();
        for (String a : anchors) {
            columns.add("time ÷ " + a);
        }
        columns.add("score");

        List<Line> unranked = new ArrayList<>();
        for (String t : tables) {
            Map<String, Double> f = new LinkedHashMap<>();
            for (String[] h : HEADLINES) {
                double v = headline(micro, t, h[0], h[2]);
                f.put(h[1], h[0].startsWith("pageTable") ? v / 1000 : v);
            }
            f.put("modeled B/counted frame", results.rows().stream()
                    .filter(r -> r.section().equals("footprint") && r.table().equals(t) && r.metric().equals("modeledBytesPerEntry"))
                    .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN));
            if (macro) {
                f.put("fault p50 ns (geo. mean)", geomean(results.rows().stream()
                        .filter(r -> r.section().equals("macro") && r.table().equals(t) && r.metric().equals("faultLatencyP50"))
                        .map(ResultRow::value).toList()));
            }
            Map<String, Interval> ratios = new LinkedHashMap<>();
            for (String a : anchors) {
                Interval ratio = ratio(byConfig, t, a);
                ratios.put("time ÷ " + a, ratio);
                f.put("time ÷ " + a, ratio.estimate());
            }
            double score = score(byConfig, t);
            f.put("score", score);
            boolean measured = f.values().stream().anyMatch(Double::isFinite);
            if (measured) {
                unranked.add(new Line(0, t, f, ratios, score));
            }
        }
        unranked.sort(Comparator.comparingDouble((Line l) -> Double.isFinite(l.score()) ? l.score() : Double.MAX_VALUE));
        List<Line> ranked = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            Line l = unranked.get(i);
            ranked.add(new Line(Double.isFinite(l.score()) ? i + 1 : 0, l.table(), l.figures(), l.ratios(), l.score()));
        }
        return new Summary(columns, ranked);
    }

    /** benchmark + params except measured ones (load), so the same run configuration matches across tables. */
    static String configKey(ResultRow r) {
        TreeMap<String, String> p = new TreeMap<>(r.params());
        p.remove("load");
        return r.benchmark() + p;
    }

    /** The median ns of {@code benchmark} for {@code table}: 1 thread, medium utilisation, quiet, {@code keys}, largest size. */
    private static double headline(List<ResultRow> micro, String table, String benchmark, String keys) {
        Optional<ResultRow> best = micro.stream()
                .filter(r -> r.table().equals(table) && r.benchmark().equals(benchmark))
                .filter(r -> r.param("threads", "1").equals("1") && r.param("utilisation", "medium").equals("medium")
                        && r.param("phase", "quiet").equals("quiet") && r.param("keys", keys).equals(keys))
                .max(Comparator.comparingInt(r -> Integer.parseInt(r.param("log2Size", "0"))));
        return best.map(ResultRow::value).orElse(Double.NaN);
    }

    /** table ÷ anchor over every configuration both ran, paired by round. */
    private static Interval ratio(Map<String, Map<String, ResultRow>> byConfig, String table, String anchor) {
        List<ResultRow[]> pairs = new ArrayList<>();
        for (Map<String, ResultRow> m : byConfig.values()) {
            ResultRow a = m.get(anchor);
            ResultRow t = m.get(table);
            if (a != null && t != null && a.value() > 0 && t.value() > 0) {
                pairs.add(new ResultRow[] {t, a});
            }
        }
        return RowRatios.geometricMean(pairs);
    }

    private static double score(Map<String, Map<String, ResultRow>> byConfig, String table) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, ResultRow> m : byConfig.values()) {
            ResultRow row = m.get(table);
            if (row == null || m.size() < 2) {
                continue;
            }
            double t = row.value();
            double[] vs = m.values().stream().mapToDouble(ResultRow::value).sorted().toArray();
            double median = vs.length % 2 == 1 ? vs[vs.length / 2] : (vs[vs.length / 2 - 1] + vs[vs.length / 2]) / 2;
            if (median > 0 && t > 0) {
                ratios.add(t / median);
            }
        }
        return geomean(ratios);
    }

    static double geomean(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += Math.log(x);
        }
        return Math.exp(s / xs.size());
    }

    /** The cells of a line, formatted (ratios as "0.52× [0.49, 0.55]"). */
    public List<String> cells(Line l) {
        List<String> c = new ArrayList<>();
        c.add(l.rank() == 0 ? "–" : Integer.toString(l.rank()));
        c.add(l.table());
        for (String col : columns.subList(2, columns.size())) {
            double v = l.figures().getOrDefault(col, Double.NaN);
            Interval iv = l.ratios().get(col);
            if (iv != null) {
                c.add(!Double.isFinite(iv.estimate()) ? "–" : iv.isFinite()
                        ? String.format(Locale.ROOT, "%.2f× [%.2f, %.2f]", iv.estimate(), iv.low(), iv.high())
                        : String.format(Locale.ROOT, "%.2f×", iv.estimate()));
            } else if (col.equals("score")) {
                c.add(Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f×", v) : "–");
            } else {
                c.add(Html.num(v));
            }
        }
        return c;
    }

    /** The ratio columns as rows of section {@value #SECTION} (value: the estimate; low, high: its 95% interval). */
    public List<ResultRow> rows() {
        List<ResultRow> out = new ArrayList<>();
        for (Line l : lines) {
            l.ratios().forEach((col, iv) -> {
                if (Double.isFinite(iv.estimate())) {
                    Map<String, String> p = new LinkedHashMap<>();
                    p.put("anchor", col.substring("time ÷ ".length()));
                    p.put("over", "every micro configuration both ran (geometric mean)");
                    if (Double.isFinite(iv.confidence())) {
                        p.put("confidence", String.format(Locale.ROOT, "%.4f", iv.confidence()));
                    }
                    p.put("rounds", Integer.toString(iv.n()));
                    out.add(ResultRow.of(SECTION, l.table(), "timeRatio", p, "ratio", iv.estimate(), "×")
                            .withSpread(Double.NaN, iv.low(), iv.high()));
                }
            });
        }
        return out;
    }

    /** A plain-text table for the console. */
    public String text() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns);
        lines.forEach(l -> rows.add(cells(l)));
        int[] w = new int[columns.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                b.append(i == 1 ? String.format("%-" + w[i] + "s", cell) : String.format("%" + w[i] + "s", cell)).append("  ");
            }
            b.setLength(b.length() - 2);
            b.append('\n');
        }
        return b.toString();
    }
}
