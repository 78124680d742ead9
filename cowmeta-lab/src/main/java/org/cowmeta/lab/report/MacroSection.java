package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.RowRatios;
import org.cowmeta.tables.Frames;

/**
 * The macro scenarios on the simulator: per scenario and parameter set, the fault-latency CDF
 * of every table, fork latency, metadata beside struct page, the refcount table's share of the
 * fault path (against dense), and every metric in a table.
 */
final class MacroSection implements ReportSection {
    static final String SECTION = "macro";
    /** Figures shown with their 95% interval over the rounds. */
    private static final Set<String> WITH_INTERVAL = Set.of("faultLatencyP50", "faultLatencyP90", "faultLatencyP99", "forkLatencyP50");
    private static final List<String> METRICS = List.of("faultLatencyP50", "faultLatencyP90", "faultLatencyP99", "faultLatencyP999",
            "forkLatencyP50",
            "exitLatencyP50", "copyMorselLatencyP50", "throughput", "faults", "cowFaults", "refcountCallsPerFault",
            "refcountShareVsDense", "metadataBytes", "metadataBytesPerCountedFrame", "metadataShareOfMemory", "resizes");

    @Override
    public String id() {
        return "macro";
    }

    @Override
    public String title() {
        return "Macro scenarios on the simulator";
    }

    @Override
    public Set<String> claims() {
        return Set.of(SECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.section(SECTION);
        if (rows.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        html.p("Each scenario runs the simulated memory system (LLFree frames, tagged pages, real page tables, the "
                + "hierarchical copy-on-write fault handler) with its counts in each table, after warm-up runs at half the "
                + "memory. The measured runs go in rounds: every round runs every table once, in an order shuffled anew each "
                + "round" + rounds(results) + ", so a disturbance of the machine falls on one round of every table. A figure is "
                + "the median over the rounds with its distribution-free 95% interval; a ratio to dense is paired round by "
                + "round (Hodges–Lehmann, 95%). Latencies are HdrHistogram percentiles of single timed accesses that faulted "
                + "(ns). \"refcount share\" is (p50 fault with the table − p50 fault with dense) / p50 fault with the table: "
                + "the part of a fault the table adds over the struct-page way, in the same run. Metadata is the table's "
                + "modeled bytes at the peak of sharing, beside struct page's 1.5625% of memory.");
        html.p(timerStatement(results, rows));
        Map<String, List<ResultRow>> byRun = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            Map<String, String> p = new LinkedHashMap<>(r.params());
            p.remove("quantile");
            byRun.computeIfAbsent(r.benchmark() + " " + p, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<ResultRow>> e : byRun.entrySet()) {
            List<ResultRow> run = e.getValue();
            ResultRow first = run.getFirst();
            html.h3(first.benchmark() + " — " + describe(first.params()));
            Set<String> tables = new LinkedHashSet<>();
            run.forEach(r -> tables.add(r.table()));
            html.raw("<div class=\"charts\">");
            LineChart cdf = new LineChart("fault latency CDF — " + first.benchmark(), "fault latency (ns)", "fraction of faults ≤").logX(10);
            for (ResultRow r : run) {
                if (r.metric().equals("faultLatencyCdf") && Double.parseDouble(r.param("quantile", "1")) < 1) {
                    cdf.point(r.table(), r.value(), Double.parseDouble(r.param("quantile", "NaN")));
                }
            }
            if (!cdf.isEmpty()) {
                html.raw(cdf.svg("Cumulative distribution of fault latencies per table up to the 99.9th percentile "
                        + "(log scale; the maximum is in the table below)."));
            }
            BarChart meta = new BarChart("metadata, share of memory", "%", "modeled");
            BarChart fork = new BarChart("fork latency (median)", "µs", "fork");
            BarChart exit = new BarChart("exit latency (median)", "ms", "exit");
            for (String t : tables) {
                double share = value(run, t, "metadataShareOfMemory");
                if (Double.isFinite(share)) {
                    meta.row(t, share);
                }
                double f = value(run, t, "forkLatencyP50");
                double x = value(run, t, "exitLatencyP50");
                if (Double.isFinite(f)) {
                    fork.row(t, f / 1000);
                }
                if (Double.isFinite(x)) {
                    exit.row(t, x / 1e6);
                }
            }
            meta.reference("struct page", 100.0 * Frames.STRUCT_PAGE_BYTES / Frames.PAGE_SIZE);
            if (!meta.isEmpty()) {
                html.raw(meta.svg("The table's modeled bytes at the peak of sharing as a share of simulated memory; dashed: struct page."));
            }
            if (!fork.isEmpty()) {
                html.raw(fork.svg("Median latency of a fork (µs): the copy the fork strategy makes of the parent's page tables."));
            }
            if (!exit.isEmpty()) {
                html.raw(exit.svg("Median latency of an exit (ms): dropping the child's references, freeing what only it held."));
            }
            IntervalChart vsDense = new IntervalChart("fault p50 ÷ dense's, 95% interval");
            ResultRow dense = row(run, "dense", "faultLatencyP50");
            for (String t : tables) {
                ResultRow mine = row(run, t, "faultLatencyP50");
                if (dense != null && mine != null && !t.equals("dense")) {
                    var iv = RowRatios.of(mine, dense);
                    vsDense.row(t, iv, Double.NaN, !iv.isFinite() ? IntervalChart.Tone.OPEN
                            : iv.high() <= 1.10 ? IntervalChart.Tone.MET : iv.low() > 1.10 ? IntervalChart.Tone.NOT_MET
                            : IntervalChart.Tone.OPEN);
                }
            }
            vsDense.reference("dense", 1);
            if (!vsDense.isEmpty()) {
                html.raw(vsDense.svg("Each table's median fault latency ÷ dense's (the struct-page way), paired round by round, with "
                        + "its 95% interval. Green: the whole interval at or below 1.10×; red: above it; grey: it straddles 1.10×."));
            }
            html.raw("</div>");
            List<String> present = METRICS.stream().filter(m -> run.stream().anyMatch(r -> r.metric().equals(m))).toList();
            List<String> header = new ArrayList<>(List.of("table"));
            present.forEach(m -> header.add(label(m)));
            List<List<String>> t = new ArrayList<>();
            for (String table : tables) {
                List<String> cells = new ArrayList<>(List.of(table));
                present.forEach(m -> {
                    ResultRow r = row(run, table, m);
                    cells.add(r == null ? "–" : WITH_INTERVAL.contains(m) && Double.isFinite(r.low()) && r.high() > r.low()
                            ? Html.num(r.value()) + " [" + Html.num(r.low()) + ", " + Html.num(r.high()) + "]" : Html.num(r.value()));
                });
                t.add(cells);
            }
            html.table("figures", header, t);
        }
    }

    static String describe(Map<String, String> p) {
        return p.getOrDefault("memoryMiB", "?") + " MiB, write fraction " + p.getOrDefault("writeFraction", "?") + " "
                + p.getOrDefault("pattern", "?") + ", " + p.getOrDefault("threads", "?") + " thread(s), "
                + p.getOrDefault("children", "?") + " child(ren), fork strategy " + p.getOrDefault("strategy", "?")
                + ", " + p.getOrDefault("rounds", "1") + " round(s)";
    }

    private static String label(String metric) {
        return switch (metric) {
            case "faultLatencyP50" -> "fault p50 ns";
            case "faultLatencyP99" -> "fault p99 ns";
            case "faultLatencyP999" -> "fault p99.9 ns";
            case "forkLatencyP50" -> "fork p50 ns";
            case "exitLatencyP50" -> "exit p50 ns";
            case "copyMorselLatencyP50" -> "morsel copy p50 ns";
            case "throughput" -> "Maccesses/s";
            case "faults" -> "faults";
            case "cowFaults" -> "COW faults";
            case "refcountCallsPerFault" -> "refcount calls/fault";
            case "refcountShareVsDense" -> "refcount share % (vs dense)";
            case "metadataBytes" -> "metadata B";
            case "metadataBytesPerCountedFrame" -> "B/counted frame";
            case "metadataShareOfMemory" -> "% of memory";
            case "resizes" -> "resizes";
            default -> metric;
        };
    }

    private static ResultRow row(List<ResultRow> run, String table, String metric) {
        return run.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric)).findFirst().orElse(null);
    }

    private static String rounds(Results results) {
        String n = results.run().get("macroRounds");
        String seed = results.run().get("scheduleSeed");
        return (n == null ? "" : " (" + n + " rounds") + (seed == null ? "" : ", seed " + seed) + (n == null ? "" : ")");
    }

    /**
     * Whether the timer resolves a single fault: its resolution and cost below a tenth of the
     * fastest median fault of the run. If not, per-fault percentiles are not trustworthy and only
     * means over many faults are; the statement says which holds.
     */
    static String timerStatement(Results results, List<ResultRow> rows) {
        double res = probe(results, "nanoTimeResolution");
        double cost = probe(results, "nanoTimeCost");
        double fastest = rows.stream().filter(r -> r.metric().equals("faultLatencyP50")).mapToDouble(ResultRow::value)
                .filter(Double::isFinite).min().orElse(Double.NaN);
        if (!Double.isFinite(res) || !Double.isFinite(fastest)) {
            return "Each faulting access is timed on its own with System.nanoTime (its resolution was not probed in this run).";
        }
        String figures = String.format(java.util.Locale.ROOT, "System.nanoTime here has a resolution of %.0f ns and costs %.0f ns "
                + "a call; the fastest median fault of the run is %.0f ns", res, cost, fastest);
        boolean ok = res * 10 <= fastest && cost * 10 <= fastest;
        return figures + (ok ? ": both are below a tenth of it, so each fault is timed on its own and its percentiles stand "
                + "(each includes one timer call, the same for every table)."
                : ": that is not below a tenth of it, so single faults are at the edge of what the timer resolves: read the "
                + "percentiles as coarse (to about the resolution, the same for every table) and the ratios to dense, which "
                + "are paired and span many faults, as the figures to trust.");
    }

    private static double probe(Results results, String benchmark) {
        return results.section("probe").stream().filter(r -> r.benchmark().equals(benchmark)).mapToDouble(ResultRow::value)
                .findFirst().orElse(Double.NaN);
    }

    private static double value(List<ResultRow> run, String table, String metric) {
        return run.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }
}
