package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/**
 * The JMH micro benchmarks: throughput against counted frames, against threads, during a resize
 * and quiet, batch against single calls, the deterministic cost beside the time, and every
 * figure in a table. Throughput is derived from the median time: per thread 1000 / ns (Mops/s),
 * in aggregate threads x that.
 */
final class MicroSection implements ReportSection {
    static final String SECTION = "micro";

    @Override
    public String id() {
        return "micro";
    }

    @Override
    public String title() {
        return "Micro benchmarks (JMH)";
    }

    @Override
    public Set<String> claims() {
        return Set.of(SECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.rows(r -> r.section().equals(SECTION) && r.metric().equals("time"));
        if (rows.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        html.p("Each figure is the median over the run's rounds (" + results.run().getOrDefault("jmh", "see the run's profile")
                + ") of the median of JMH's measurement iterations, in nanoseconds per table call; every round measures each "
                + "table in a JVM of its own, the compared tables back to back, in an order shuffled anew each round; "
                + "± is JMH's 99.9% confidence half-width over all iterations, the range is the fastest and slowest round. "
                + "Insert and remove "
                + "are measured as pairs (an increment that inserts an absent frame and a decrement that removes one inserted "
                + "a window earlier) so the table's size stays steady; page tables are one copy (512 increments) plus one "
                + "teardown (512 decrements). Compare tables within this run: the machine is shared and noisy. This machine has "
                + results.machine().getOrDefault("cores", "?") + " cores, so runs with more threads than that oversubscribe it.");
        double dram = results.dramLoadNanos().orElse(Double.NaN);
        List<String> tables = results.tables();

        html.h3("Throughput against counted frames");
        html.raw("<div class=\"charts\">");
        int charts = 0;
        for (String bench : List.of("getHit", "getMiss", "insertRemove", "updateCounted")) {
            for (String keys : List.of("uniform", "clustered", "sequential")) {
                for (String util : List.of("medium", "low", "high")) {
                    Predicate<ResultRow> f = r -> r.benchmark().equals(bench) && r.param("threads", "1").equals("1")
                            && r.param("keys", "").equals(keys) && r.param("utilisation", "").equals(util);
                    if (sizes(rows, f).size() < 2 || (!util.equals("medium") && !keys.equals("uniform"))) {
                        continue;
                    }
                    LineChart c = new LineChart(bench + " — " + keys + ", " + util + " utilisation", "counted frames", "Mops/s per thread").logX(2);
                    for (ResultRow r : rows) {
                        if (f.test(r)) {
                            c.point(r.table(), Math.pow(2, Integer.parseInt(r.param("log2Size", "0"))), 1000 / r.value());
                        }
                    }
                    html.raw(c.svg(bench + ": million calls per second of one thread against the number of counted frames, "
                            + keys + " keys, table pre-sized for " + util + " utilisation."));
                    charts++;
                }
            }
        }
        html.raw("</div>");
        opTimesAtLargest(rows, tables, html);

        threads(rows, results, html);
        resize(results, rows, tables, html);
        batch(rows, tables, html);
        costs(rows, tables, dram, html);

        html.h3("Every micro figure");
        List<List<String>> all = new ArrayList<>();
        for (ResultRow r : rows) {
            all.add(List.of(r.table(), r.benchmark(), r.param("counted", ""), r.param("utilisation", ""), r.param("keys", ""),
                    r.param("threads", ""), r.param("sharing", ""), r.param("phase", ""), r.param("load", ""),
                    Html.num(r.value()), r.unit(), Html.num(r.error()), Html.num(r.low()) + "–" + Html.num(r.high()),
                    Html.num(r.value() / dram), Html.num(r.costLines()), Html.num(r.costLoads())));
        }
        html.table("figures micro", List.of("table", "benchmark", "counted", "utilisation", "keys", "threads", "sharing", "phase",
                "load", "median", "unit", "±", "rounds' range", "× DRAM", "lines", "dep. loads"), all);
    }

    private static Set<Integer> sizes(List<ResultRow> rows, Predicate<ResultRow> f) {
        Set<Integer> s = new TreeSet<>();
        rows.stream().filter(f).forEach(r -> s.add(Integer.parseInt(r.param("log2Size", "0"))));
        return s;
    }

    /** ns per call of single-frame benchmarks at the largest size, one bar per benchmark. */
    private static void opTimesAtLargest(List<ResultRow> rows, List<String> tables, Html html) {
        List<String> benches = List.of("getHit", "getMiss", "insertRemove", "updateCounted");
        Predicate<ResultRow> base = r -> r.param("threads", "1").equals("1") && r.param("keys", "").equals("uniform")
                && r.param("utilisation", "").equals("medium") && r.param("phase", "quiet").equals("quiet");
        int largest = sizes(rows, base.and(r -> benches.contains(r.benchmark()))).stream().mapToInt(i -> i).max().orElse(-1);
        if (largest < 0) {
            return;
        }
        List<String> present = benches.stream().filter(b -> rows.stream().anyMatch(r -> r.benchmark().equals(b))).toList();
        BarChart c = new BarChart("ns per call at 2^" + largest + " counted frames", "ns", present.toArray(String[]::new));
        for (String t : tables) {
            double[] v = new double[present.size()];
            for (int i = 0; i < v.length; i++) {
                String b = present.get(i);
                v[i] = rows.stream().filter(base).filter(r -> r.table().equals(t) && r.benchmark().equals(b)
                        && r.param("log2Size", "").equals(Integer.toString(largest))).mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
            }
            if (java.util.Arrays.stream(v).anyMatch(Double::isFinite)) {
                c.row(t, v);
            }
        }
        if (!c.isEmpty()) {
            html.raw("<div class=\"charts\">").raw(c.svg("Median ns per table call, one thread, uniform keys, medium utilisation "
                    + "(insertRemove: per call of an insert+remove pair).")).raw("</div>");
        }
    }

    private static void threads(List<ResultRow> rows, Results results, Html html) {
        Set<String> benches = new LinkedHashSet<>();
        rows.stream().filter(r -> !r.param("threads", "1").equals("1")).forEach(r -> benches.add(r.benchmark()));
        benches.removeIf(b -> b.startsWith("resize"));
        if (benches.isEmpty()) {
            return;
        }
        html.h3("Throughput against threads");
        html.raw("<div class=\"charts\">");
        for (String bench : benches) {
            for (String sharing : List.of("disjoint", "shared")) {
                Predicate<ResultRow> f = r -> r.benchmark().equals(bench) && r.param("keys", "").equals("uniform")
                        && r.param("phase", "quiet").equals("quiet")
                        && (r.param("threads", "1").equals("1") || r.param("sharing", "").equals(sharing));
                int size = sizes(rows, f.and(r -> !r.param("threads", "1").equals("1"))).stream().mapToInt(i -> i).max().orElse(-1);
                if (size < 0) {
                    continue;
                }
                LineChart c = new LineChart(bench + " — " + sharing + " frames, 2^" + size, "threads", "Mops/s, all threads").logX(2);
                boolean multi = false;
                for (ResultRow r : rows) {
                    if (f.test(r) && r.param("log2Size", "").equals(Integer.toString(size))) {
                        int th = Integer.parseInt(r.param("threads", "1"));
                        multi |= th > 1;
                        c.point(r.table(), th, th * 1000 / r.value());
                    }
                }
                if (multi) {
                    html.raw(c.svg(bench + ": aggregate million calls per second against threads (" + sharing + " frames; "
                            + "one thread has nothing to share). The machine has " + results.machine().getOrDefault("cores", "?") + " cores."));
                }
            }
        }
        html.raw("</div>");
    }

    private static void resize(Results results, List<ResultRow> rows, List<String> tables, Html html) {
        List<ResultRow> rs = rows.stream().filter(r -> r.benchmark().startsWith("resize")).toList();
        if (rs.isEmpty()) {
            return;
        }
        html.h3("During a resize and quiet");
        html.p("The same benchmark on the same table: quiet, and while a resize started through the table's resize control "
                + "is in progress, paced (a pause after each unit of migration, sized so that a bucket-by-bucket background "
                + "migration lasts through the measurement) and restarted as soon as it ends (shrink and grow in turn). In designs "
                + "whose callers help migrate, the pause lands in the callers' calls. \"resizing %\" is the share of sampled "
                + "calls that really saw a resize in progress: read the resizing time with it. Tables without resize control "
                + "are left out.");
        List<List<String>> t = new ArrayList<>();
        Set<String> configs = new LinkedHashSet<>();
        rs.forEach(r -> configs.add(r.benchmark() + "|" + r.param("log2Size", "") + "|" + r.param("threads", "1")));
        html.raw("<div class=\"charts\">");
        for (String cfg : configs) {
            String[] p = cfg.split("\\|");
            BarChart c = new BarChart(p[0] + " at 2^" + p[1] + ", " + p[2] + " thread(s)", "ns/op", "quiet", "resizing");
            for (String table : tables) {
                double quiet = find(rs, table, p, "quiet");
                double resizing = find(rs, table, p, "resizing");
                if (!Double.isFinite(quiet) && !Double.isFinite(resizing)) {
                    continue;
                }
                c.row(table, quiet, resizing);
                double share = results.rows(r -> r.section().equals(SECTION) && r.metric().equals("resizingShare")
                        && r.table().equals(table) && r.benchmark().equals(p[0]) && r.param("phase", "").equals("resizing")
                        && r.param("log2Size", "").equals(p[1]) && r.param("threads", "1").equals(p[2]))
                        .stream().mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
                t.add(List.of(table, p[0], "2^" + p[1], p[2], Html.num(quiet), Html.num(resizing),
                        Double.isFinite(quiet) && Double.isFinite(resizing) ? String.format(Locale.ROOT, "%.2f×", resizing / quiet) : "–",
                        Html.num(share)));
            }
            if (!c.isEmpty()) {
                html.raw(c.svg("Median ns per call quiet and during a resize."));
            }
        }
        html.raw("</div>");
        html.table("figures", List.of("table", "benchmark", "counted", "threads", "quiet ns", "resizing ns", "resizing ÷ quiet", "resizing %"), t);
    }

    private static double find(List<ResultRow> rs, String table, String[] p, String phase) {
        return rs.stream().filter(r -> r.table().equals(table) && r.benchmark().equals(p[0]) && r.param("log2Size", "").equals(p[1])
                && r.param("threads", "1").equals(p[2]) && r.param("phase", "").equals(phase))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }

    private static void batch(List<ResultRow> rows, List<String> tables, Html html) {
        List<ResultRow> bs = rows.stream().filter(r -> r.benchmark().startsWith("pageTable") && r.param("threads", "1").equals("1")).toList();
        if (bs.isEmpty()) {
            return;
        }
        html.h3("Page tables: batch calls against single calls");
        html.p("Copying a page table increments its 512 children (one incrementAll, or 512 increment calls); tearing one "
                + "down decrements them (one decrementAll, or 512 decrement calls). Each figure is one copy plus one teardown, "
                + "in µs per page table; the children are fresh frames (each increment inserts, each decrement removes).");
        Set<String> configs = new LinkedHashSet<>();
        bs.forEach(r -> configs.add(r.param("keys", "") + "|" + r.param("log2Size", "")));
        List<List<String>> t = new ArrayList<>();
        html.raw("<div class=\"charts\">");
        for (String cfg : configs) {
            String[] p = cfg.split("\\|");
            BarChart c = new BarChart("page table copy+teardown, " + p[0] + " keys, 2^" + p[1], "µs", "batch", "single");
            for (String table : tables) {
                double batch = pt(bs, table, "pageTableBatch", p);
                double single = pt(bs, table, "pageTableSingle", p);
                if (Double.isFinite(batch) || Double.isFinite(single)) {
                    c.row(table, batch / 1000, single / 1000);
                    t.add(List.of(table, p[0], "2^" + p[1], Html.num(batch / 1000), Html.num(single / 1000),
                            Double.isFinite(batch) && Double.isFinite(single) ? String.format(Locale.ROOT, "%.2f×", single / batch) : "–"));
                }
            }
            if (!c.isEmpty()) {
                html.raw(c.svg("Median µs per page table (copy + teardown), batch calls against single calls."));
            }
        }
        html.raw("</div>");
        html.table("figures", List.of("table", "keys", "counted", "batch µs", "single µs", "single ÷ batch"), t);
    }

    private static double pt(List<ResultRow> bs, String table, String bench, String[] p) {
        return bs.stream().filter(r -> r.table().equals(table) && r.benchmark().equals(bench) && r.param("keys", "").equals(p[0])
                && r.param("log2Size", "").equals(p[1])).mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }

    private static void costs(List<ResultRow> rows, List<String> tables, double dram, Html html) {
        List<String> benches = List.of("getHit", "getMiss", "insertRemove", "updateCounted");
        List<List<String>> t = new ArrayList<>();
        for (String table : tables) {
            for (String b : benches) {
                rows.stream().filter(r -> r.table().equals(table) && r.benchmark().equals(b) && r.param("threads", "1").equals("1")
                                && r.param("keys", "").equals("uniform") && r.param("utilisation", "").equals("medium"))
                        .max(java.util.Comparator.comparingInt(r -> Integer.parseInt(r.param("log2Size", "0"))))
                        .ifPresent(r -> t.add(List.of(table, b, r.param("counted", ""), Html.num(r.value()), Html.num(r.value() / dram),
                                Html.num(r.costLoads()), Html.num(r.costLines()))));
            }
        }
        if (t.isEmpty()) {
            return;
        }
        html.h3("Time beside the deterministic cost");
        html.p("Dependent loads and cache lines per call come from each table's own account of what it reads (AccessTrace), "
                + "averaged over a sample of the benchmark's frames on the same table, outside any timed region; they do not "
                + "drift with noise. \"× DRAM\" is the time in units of this run's dependent DRAM load ("
                + Html.num(dram) + " ns). Time above the loads suggests work besides memory; below, loads that overlap or hit caches.");
        html.table("figures", List.of("table", "benchmark", "counted", "median ns", "× DRAM", "dependent loads", "cache lines"), t);
    }
}
