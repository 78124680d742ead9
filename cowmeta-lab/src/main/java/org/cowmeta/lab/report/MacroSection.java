package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cowmeta.tables.Frames;

/**
 * The macro scenarios on the simulator: per scenario and parameter set, the fault-latency CDF
 * of every table, fork latency, metadata beside struct page, the refcount table's share of the
 * fault path (against dense), and every metric in a table.
 */
final class MacroSection implements ReportSection {
    static final String SECTION = "macro";
    private static final List<String> METRICS = List.of("faultLatencyP50", "faultLatencyP99", "faultLatencyP999", "forkLatencyP50",
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
                + "hierarchical copy-on-write fault handler) with its counts in each table, after a warm-up run at a quarter "
                + "of the memory. Latencies are HdrHistogram percentiles of single timed accesses that faulted (ns, including "
                + "the timer's own ~25 ns). \"refcount share\" is (p50 fault with the table − p50 fault with dense) / p50 "
                + "fault with the table: the part of a fault the table adds over the struct-page way, in the same run. "
                + "Metadata is the table's modeled bytes at the peak of sharing, beside struct page's "
                + "1.5625% of memory.");
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
            html.raw("</div>");
            List<String> present = METRICS.stream().filter(m -> run.stream().anyMatch(r -> r.metric().equals(m))).toList();
            List<String> header = new ArrayList<>(List.of("table"));
            present.forEach(m -> header.add(label(m)));
            List<List<String>> t = new ArrayList<>();
            for (String table : tables) {
                List<String> cells = new ArrayList<>(List.of(table));
                present.forEach(m -> cells.add(Html.num(value(run, table, m))));
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

    private static double value(List<ResultRow> run, String table, String metric) {
        return run.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }
}
