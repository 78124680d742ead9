package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/**
 * The replay of real captures: what each capture holds (frames, counted frames, fork pairs and
 * how their shared frames cluster in 2 MiB areas), the static replay (each table loaded with the
 * host's counted frames: bytes per counted frame, the host's metadata beside struct page, op
 * times on the real keys beside uniform ones) and the dynamic replay (the processes rebuilt in the
 * simulator, their copy-on-write history replayed per fork strategy).
 */
final class ReplaySection implements ReportSection {
    static final String CAPTURE = "replay-capture";
    static final String STATIC = "replay-static";
    static final String DYNAMIC = "replay-dynamic";
    static final String REAL_FORK = "replay-real-fork";

    @Override
    public String id() {
        return "replay";
    }

    @Override
    public String title() {
        return "Real captures replayed";
    }

    @Override
    public Set<String> claims() {
        return Set.of(CAPTURE, STATIC, DYNAMIC, REAL_FORK);
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.rows(r -> claims().contains(r.section()));
        if (rows.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        for (String capture : rows.stream().map(r -> r.param("capture", "?")).distinct().toList()) {
            html.h3("Capture " + capture);
            List<ResultRow> mine = rows.stream().filter(r -> r.param("capture", "?").equals(capture)).toList();
            captureFacts(mine, html);
            staticPart(mine, html);
            dynamicPart(mine, html);
        }
    }

    private static void captureFacts(List<ResultRow> rows, Html html) {
        List<List<String>> host = new ArrayList<>();
        for (ResultRow r : rows) {
            if (r.section().equals(CAPTURE) && r.benchmark().equals("host")) {
                host.add(List.of(r.metric(), Html.num(r.value()), r.unit()));
            }
        }
        html.table("facts", List.of("host", "value", "unit"), host);
        Map<String, Map<String, Double>> pairs = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.section().equals(CAPTURE) && r.benchmark().equals("forkPair")) {
                pairs.computeIfAbsent(r.param("parent", "?") + " → " + r.param("child", "?"), k -> new LinkedHashMap<>())
                        .put(r.metric(), r.value());
            }
        }
        if (!pairs.isEmpty()) {
            List<String> metrics = List.of("sharedPages", "brokenPages", "brokenShare", "sharedFrames", "sharedAreas2MiB", "sharedPerArea");
            List<List<String>> t = new ArrayList<>();
            pairs.forEach((pair, m) -> {
                List<String> row = new ArrayList<>(List.of(pair));
                metrics.forEach(k -> row.add(Html.num(m.getOrDefault(k, Double.NaN))));
                t.add(row);
            });
            html.p("Fork pairs: a child whose parent was captured too. A page at the same virtual address is still "
                    + "shared when both map the same frame, and was copied on write when the frames differ. Shared frames "
                    + "per 2 MiB physical area is the locality a table keyed by frame number can use.");
            html.table("figures", List.of("parent → child", "shared pages", "copied pages", "copied %", "shared frames",
                    "2 MiB areas", "shared per area"), t);
        }
    }

    private static void staticPart(List<ResultRow> rows, Html html) {
        List<ResultRow> st = rows.stream().filter(r -> r.section().equals(STATIC)).toList();
        if (st.isEmpty()) {
            return;
        }
        List<String> tables = st.stream().map(ResultRow::table).distinct().toList();
        html.raw("<h3>Static replay: the host's counted frames in each table</h3>\n");
        List<List<String>> t = new ArrayList<>();
        BarChart bytes = new BarChart("Modeled bytes per counted frame", "B");
        BarChart host = new BarChart("Refcount metadata of the whole host", "MiB");
        BarChart get = new BarChart("get, median", "ns/op", "real keys", "uniform keys");
        BarChart inc = new BarChart("increment / decrement on real keys, median", "ns/op", "increment", "decrement");
        double structPage = Double.NaN;
        for (String table : tables) {
            double modeled = value(st, table, "load", "modeledBytesPerCounted", null);
            double jvm = value(st, table, "load", "jvmBytesPerCounted", null);
            double all = value(st, table, "load", "modeledBytes", null);
            structPage = value(st, table, "load", "structPageBytes", null);
            double share = value(st, table, "load", "modeledShareOfMemory", null);
            double exact = value(st, table, "load", "countsExact", null);
            double gr = value(st, table, "get", "time", "real");
            double gu = value(st, table, "get", "time", "uniform");
            double ir = value(st, table, "increment", "time", "real");
            double dr = value(st, table, "decrement", "time", "real");
            t.add(List.of(table, Html.num(modeled), Html.num(jvm), Html.num(all / 1048576), Html.num(share),
                    exact == 1 ? "yes" : "NO", Html.num(gr), Html.num(gu), Html.num(ir), Html.num(dr)));
            if (!table.equals("dense")) {
                bytes.row(table, modeled); // dense pays per frame of the host: off any scale per counted frame
            }
            host.row(table, all / 1048576);
            get.row(table, gr, gu);
            inc.row(table, ir, dr);
        }
        html.p("Each table is loaded with every frame whose map count is at least 2 (seed(frame, count)). "
                + "struct page for all frames of this host: " + Html.num(structPage / 1048576) + " MiB (1.5625% of memory). "
                + "Times are medians of a plain timed loop (not JMH) over the keys in one shuffled order; "
                + "uniform keys are as many random frames of the same host with the same counts.");
        html.table("figures", List.of("table", "modeled B/counted", "JVM B/counted", "host metadata MiB", "% of memory",
                "counts exact", "get real ns", "get uniform ns", "increment ns", "decrement ns"), t);
        host.reference("struct page", structPage / 1048576);
        html.raw("<div class=\"charts\">");
        html.raw(bytes.svg("Modeled (kernel) bytes per counted frame after loading the capture (dense, which keeps 64 bytes "
                + "for every frame of the host, is in the table above)."));
        html.raw(host.svg("The table's modeled bytes for this whole host, beside struct page for every frame (dashed)."));
        if (!Double.isNaN(valueAny(st, "get"))) {
            html.raw(get.svg("get on the capture's counted frames vs as many uniform random frames; same run."));
            html.raw(inc.svg("increment then decrement of every counted frame (count stays >= 2)."));
        }
        html.raw("</div>\n");
    }

    private static void dynamicPart(List<ResultRow> rows, Html html) {
        List<ResultRow> dy = rows.stream().filter(r -> r.section().equals(DYNAMIC)).toList();
        if (dy.isEmpty()) {
            return;
        }
        html.raw("<h3>Dynamic replay: the captured processes rebuilt and their copy-on-write history replayed</h3>\n");
        List<String> strategies = dy.stream().map(r -> r.param("strategy", "?")).distinct().toList();
        List<String> tables = dy.stream().map(ResultRow::table).distinct().toList();
        List<String> header = List.of("table", "strategy", "faults", "table copies", "page copies", "zero fills",
                "refcount calls", "refcount frames", "table lines", "table loads", "fault path ms", "COW faults ms", "fork ms", "entries before",
                "entries after", "modeled MiB before", "modeled MiB after", "check");
        List<List<String>> t = new ArrayList<>();
        StringBuilder charts = new StringBuilder();
        for (String strategy : strategies) {
            BarChart rel = new BarChart("Fault-path time relative to dense, " + strategy, "×", "all replayed faults", "copy-on-write faults");
            for (String table : tables) {
                double mismatches = dynamic(dy, table, strategy, "sharingMismatches");
                double unplaced = dynamic(dy, table, strategy, "unplacedPages");
                t.add(List.of(table, strategy, Html.num(dynamic(dy, table, strategy, "faults")),
                        Html.num(dynamic(dy, table, strategy, "tableCopies")), Html.num(dynamic(dy, table, strategy, "pageCopies")),
                        Html.num(dynamic(dy, table, strategy, "zeroFills")), Html.num(dynamic(dy, table, strategy, "refCountCalls")),
                        Html.num(dynamic(dy, table, strategy, "refCountFrames")),
                        Html.num(dynamic(dy, table, strategy, "tableCacheLines")),
                        Html.num(dynamic(dy, table, strategy, "tableDependentLoads")),
                        Html.num(dynamic(dy, table, strategy, "faultPathTime") / 1e6),
                        Html.num(dynamic(dy, table, strategy, "cowFaultTime") / 1e6),
                        Html.num(dynamic(dy, table, strategy, "forkTime") / 1e6),
                        Html.num(dynamic(dy, table, strategy, "entriesBefore")), Html.num(dynamic(dy, table, strategy, "entriesAfter")),
                        Html.num(dynamic(dy, table, strategy, "modeledBytesBefore") / 1048576),
                        Html.num(dynamic(dy, table, strategy, "modeledBytesAfter") / 1048576),
                        mismatches == 0 && unplaced == 0 ? "ok"
                                : Html.num(mismatches) + " mismatched, " + Html.num(unplaced) + " unplaced"));
                double dense = dynamic(dy, "dense", strategy, "faultPathTime");
                double denseCow = dynamic(dy, "dense", strategy, "cowFaultTime");
                rel.row(table, dynamic(dy, table, strategy, "faultPathTime") / dense,
                        dynamic(dy, table, strategy, "cowFaultTime") / denseCow);
            }
            if (!rel.isEmpty() && tables.contains("dense")) {
                charts.append(rel.svg("Thread CPU time of the replayed write faults with the " + strategy + " fork strategy "
                        + "(all of them, and the copy-on-write faults timed one by one; median of rounds; plain loop, not JMH), "
                        + "divided by dense's in the same run. First-touch faults never reach the table; copy-on-write faults do."));
            }
        }
        if (!charts.isEmpty()) {
            html.raw("<div class=\"charts\">").raw(charts.toString()).raw("</div>\n");
        }
        html.p("Table lines and loads: cache lines touched and dependent loads of every refcount call of the fork and "
                + "the replay, by each table's own trace (one untimed round): a cost that does not drift with noise. "
                + "Check: every page the capture shows shared is still shared after the replay and every copied one is "
                + "not; unplaced pages could not be put at their captured frame (a frame the parent maps twice).");
        html.table("figures", header, t);
        rows.stream().filter(r -> r.section().equals(REAL_FORK) && r.benchmark().equals("realFork")).forEach(r -> {
            double dense = dynamic(dy, "dense", "linux", "forkTime");
            html.p("The real fork on this host of a process with the captured parent's " + r.param("pages", "?") + " populated "
                    + "anonymous 4 KiB pages (the kernel probe's helper; median of rounds with its 95% interval): "
                    + Html.num(r.value() / 1e6) + " ms [" + Html.num(r.low() / 1e6) + ", " + Html.num(r.high() / 1e6) + "]"
                    + (Double.isFinite(dense) ? ", beside the replayed linux-strategy fork with dense: " + Html.num(dense / 1e6) + " ms" : "")
                    + ". The captured process also had file mappings and VMAs this one has not.");
        });
        rows.stream().filter(r -> r.section().equals(REAL_FORK) && r.benchmark().equals("realForkShaped") && r.metric().equals("forkTime"))
                .forEach(r -> {
                    double empty = rows.stream().filter(x -> x.benchmark().equals("realForkShaped") && x.metric().equals("emptyForkTime"))
                            .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
                    html.p("The real fork on this host of a process of the captured parent's mapping shape (the kernel probe's helper "
                            + "maps " + r.param("regions", "?") + " regions inferred from the capture's pages and flags, runs of one kind "
                            + "and writability across holes of up to 2 MiB, and populates them as the capture shows: "
                            + r.param("anonPages", "?") + " anonymous pages written, " + r.param("filePages", "?") + " file pages read; "
                            + r.param("vmas", "?") + " VMAs with the helper's own): " + Html.num(r.value() / 1e6) + " ms ["
                            + Html.num(r.low() / 1e6) + ", " + Html.num(r.high() / 1e6) + "], of which the helper's own fork with "
                            + "nothing mapped is " + Html.num(empty / 1e6) + " ms. A real fork copies the PTEs of every anonymous "
                            + "VMA but none of a file VMA without anonymous pages (the child faults those in), where the simulator's "
                            + "linux strategy counts every page.");
                });
    }

    private static double dynamic(List<ResultRow> rows, String table, String strategy, String metric) {
        return rows.stream().filter(r -> r.table().equals(table) && r.param("strategy", "").equals(strategy) && r.metric().equals(metric))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }

    private static double value(List<ResultRow> rows, String table, String benchmark, String metric, String keys) {
        Optional<ResultRow> r = rows.stream().filter(x -> x.table().equals(table) && x.benchmark().equals(benchmark)
                && x.metric().equals(metric) && (keys == null || x.param("keys", "").equals(keys))).findFirst();
        return r.map(ResultRow::value).orElse(Double.NaN);
    }

    private static double valueAny(List<ResultRow> rows, String benchmark) {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark)).mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }
}
