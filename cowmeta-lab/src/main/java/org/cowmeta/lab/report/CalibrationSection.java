package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cowmeta.lab.kernel.ThpFaults;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/**
 * The real kernel beside the simulator, and each table's overhead projected onto the real
 * kernel. The calibration table sets each figure the kernel probe measured on this host (and on
 * a machine given with --kernel-costs) beside the simulator's on the same protocol (dense, linux
 * fork strategy); the projection gives, per scenario and table, the table's extra time over
 * dense added to the real fault or fork, as the projected slowdown of the real operation, next
 * to the simulator's own ratio, with a chart per scenario. Reads the rows of sections "kernel"
 * and "projection" (written by org.cowmeta.lab.kernel).
 */
final class CalibrationSection implements ReportSection {
    static final String KERNEL = "kernel";
    static final String PROJECTION = "projection";
    /** The operations projected, one bar series each. */
    private static final List<String> OPERATIONS = List.of("fault", "reuse", "fork");
    /** The figures in the calibration table, in order, with their labels. */
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("forkPerPage", "fork, per populated 4 KiB page (ns)");
        FIGURES.put("cowFault", "COW write fault (ns)");
        FIGURES.put("reuseFault", "reuse fault: write-protected, exclusive (ns)");
        FIGURES.put("firstTouch", "first-touch fault (ns)");
        FIGURES.put("exitPerPage", "exit of a child, per page it copied (ns)");
        FIGURES.put("munmapPerPage", "munmap, per populated page (ns)");
        FIGURES.put("copy4k", "4 KiB copy beyond the caches (ns)");
        FIGURES.put("forkPerPageThp", "fork with THP, per 4 KiB of memory (ns)");
        FIGURES.put("firstTouchThp", "first touch with THP, per 2 MiB page (ns)");
        FIGURES.put("thpFraction", "share of the THP region in huge pages");
        FIGURES.put("cowFaultThp", "COW write fault with THP, per 4 KiB page written (ns)");
        FIGURES.put("cowFaultThpHuge", "COW write fault with THP, first write to a 2 MiB huge page (ns)");
        FIGURES.put("cowFaultsThp", "faults per 2 MiB huge page as the child writes each 4 KiB (512: PMD split; 1: whole)");
        FIGURES.put("reuseFaultThp", "reuse fault with THP, per 4 KiB page written (ns)");
        FIGURES.put("reuseFaultThpHuge", "reuse fault with THP, first write to a 2 MiB huge page (ns)");
        FIGURES.put("reuseFaultsThp", "faults per 2 MiB huge page as the parent writes each 4 KiB (1: reused whole; 512: split)");
    }

    @Override
    public String id() {
        return "calibration";
    }

    @Override
    public String title() {
        return "Calibration against the real kernel, and the projected cost on it";
    }

    @Override
    public Set<String> claims() {
        return Set.of(KERNEL, PROJECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> kernel = results.section(KERNEL);
        List<ResultRow> projection = results.section(PROJECTION);
        if (kernel.isEmpty() && projection.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        calibration(kernel, html);
        projection(projection, html);
    }

    private static void calibration(List<ResultRow> rows, Html html) {
        Set<String> kernels = new LinkedHashSet<>();
        rows.stream().filter(r -> r.benchmark().equals("real")).forEach(r -> kernels.add(r.param("kernel", "?")));
        List<ResultRow> sim = rows.stream().filter(r -> r.benchmark().equals("simulated") && r.table().equals("dense")).toList();
        if (kernels.isEmpty()) {
            return;
        }
        StringBuilder where = new StringBuilder();
        for (String k : kernels) {
            rows.stream().filter(r -> r.benchmark().equals("real") && r.param("kernel", "").equals(k)).findFirst()
                    .ifPresent(r -> where.append(" ").append(k).append(": ").append(r.param("machine", "?")).append(", ")
                            .append(r.param("mib", "?")).append(" MiB, ").append(r.param("rounds", "?")).append(" rounds, measured ")
                            .append(r.param("measuredAt", "?")).append("."));
        }
        html.p("The real kernel, measured by a small C helper (compiled with the system's cc; see org.cowmeta.lab.kernel."
                + "KernelProbe): a region of anonymous memory populated with 4 KiB pages (MADV_NOHUGEPAGE) or THP, forked, written "
                + "by the child (COW), the child exiting, and written again by the parent (reuse: write-protected but exclusive). "
                + "With THP each side writes one 4 KiB page of every huge page first, then the rest, and counts its faults: the "
                + "figures per 2 MiB huge page are that first write (do_huge_pmd_wp_page), those per 4 KiB page written both "
                + "passes over all the pages. "
                + "Each figure is a batch over every page divided by the pages, the median over rounds with its distribution-free "
                + "95% interval; cached per machine and kernel ('cowmeta calibrate' measures anew)." + where
                + " The simulator column runs the same protocol on the simulator with dense counts and the linux fork strategy, "
                + "in rounds of a fresh JVM each.");
        List<String> header = new ArrayList<>(List.of("figure"));
        kernels.forEach(k -> header.add("real kernel (" + k + ")"));
        if (!sim.isEmpty()) {
            header.add("simulator (dense, linux fork)");
            header.add("real ÷ simulated (" + kernels.iterator().next() + ")");
        }
        List<List<String>> t = new ArrayList<>();
        for (Map.Entry<String, String> f : FIGURES.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(f.getValue()));
            boolean any = false;
            ResultRow firstReal = null;
            for (String k : kernels) {
                ResultRow r = rows.stream().filter(x -> x.benchmark().equals("real") && x.param("kernel", "").equals(k)
                        && x.metric().equals(f.getKey())).findFirst().orElse(null);
                cells.add(withInterval(r));
                any |= r != null;
                firstReal = firstReal == null ? r : firstReal;
            }
            if (!sim.isEmpty()) {
                ResultRow s = sim.stream().filter(x -> x.metric().equals(f.getKey())).findFirst().orElse(null);
                cells.add(withInterval(s));
                ResultRow real = rows.stream().filter(x -> x.benchmark().equals("real") && x.param("kernel", "")
                        .equals(kernels.iterator().next()) && x.metric().equals(f.getKey())).findFirst().orElse(null);
                cells.add(real != null && s != null && s.value() > 0 ? Html.num(real.value() / s.value()) + "×" : "–");
            }
            if (any) {
                t.add(cells);
            }
        }
        html.table("figures", header, t);
        for (String k : kernels) {
            String thp = ThpFaults.describe(real(rows, k, "cowFaultsThp"), real(rows, k, "reuseFaultsThp"));
            if (!thp.isEmpty()) {
                html.p(k + ": " + thp);
            }
        }
        html.p("What the simulator leaves out of a fault and a fork, and the real kernel pays: the trap's entry and exit; the "
                + "4 KiB copy of a COW fault (measured above as the 4 KiB copy) or the zeroing of a first touch; the TLB flush "
                + "when a PTE loses write permission (at fork, for every PTE write-protected) or changes its frame; the reverse "
                + "map (anon_vma chains linked at fork, the page's rmap updated on every copy); mapcount kept beside the refcount "
                + "(and the memory cgroup's charge of each new page). The simulator's pages are tags, so its COW fault is the walk "
                + "and the refcount work only: this is why its ratios between tables overstate what the same table would cost "
                + "a real fault, and why the projection below adds the table's extra time to the real operation's.");
    }

    private static double real(List<ResultRow> rows, String kernel, String figure) {
        return rows.stream().filter(x -> x.benchmark().equals("real") && x.param("kernel", "").equals(kernel) && x.metric().equals(figure))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }

    private static void projection(List<ResultRow> rows, Html html) {
        if (rows.isEmpty()) {
            return;
        }
        html.h3("Projected slowdown of the real operation on the machine");
        html.p("Per scenario and table: the table's extra time over dense on the simulator (per fault: the paired per-round "
                + "difference of median fault latencies; per forked page: of median fork latencies ÷ the populated pages), its "
                + "Hodges–Lehmann centre and 95% interval; the real kernel's cost of the same operation (a fault: the COW and "
                + "reuse faults weighted by the share of the scenario's faults that copied; a fork: the fork per page); and "
                + "extra ÷ real, the projected slowdown of the real operation on that machine, its interval from the ends of "
                + "both intervals that make it widest. Beside it the simulator's own slowdown (table ÷ dense − 1, paired). With "
                + "the morsel fork strategy a fork is O(1), so the fork's extra per page is near 0 for every table; the scenario "
                + "probe-protocol is the kernel probe's own protocol on the simulator with the linux fork strategy (every table in "
                + "a fresh JVM of its own in every round, the order shuffled each round, paired by round), where a fork pays one "
                + "count update per page. A scenario named 'replay' and a capture is a dynamic replay of the capture's fork pair "
                + "(cowmeta replay): per fault, its time in the writes the capture shows copied ÷ their number, against the real "
                + "COW fault; per forked page, its fork ÷ the parent's pages before the fork, against the real fork per page "
                + "(the captured parent's file pages included, which a real fork copies no PTE of where their VMA holds no "
                + "anonymous page, so this extra is an upper bound). Its rounds are interleaved across tables and paired as above; "
                + "a replay run with --quick has one round per table and so gives a value with no interval.");
        Set<String> kernels = new LinkedHashSet<>();
        rows.forEach(r -> kernels.add(r.param("kernel", "?")));
        for (String k : kernels) {
            List<ResultRow> mine = rows.stream().filter(r -> r.param("kernel", "").equals(k)).toList();
            List<List<String>> t = new ArrayList<>();
            Map<String, BarChart> charts = new LinkedHashMap<>();
            Map<String, Map<String, double[]>> bars = new LinkedHashMap<>();
            for (ResultRow r : mine) {
                if (!r.metric().equals("projectedSlowdown")) {
                    continue;
                }
                String op = r.param("operation", "?");
                t.add(List.of(r.benchmark(), r.param("strategy", "?"), r.table(), op, withInterval(sibling(mine, r, "extraNanos")),
                        withInterval(sibling(mine, r, "realNanos")), withInterval(r), withInterval(sibling(mine, r, "simulatorSlowdown"))));
                double[] v = bars.computeIfAbsent(org.cowmeta.lab.projection.Projection.scenarioLabel(r), x -> new LinkedHashMap<>())
                        .computeIfAbsent(r.table(), x -> new double[] {Double.NaN, Double.NaN, Double.NaN});
                int series = OPERATIONS.indexOf(op);
                if (series >= 0) {
                    v[series] = r.value();
                }
            }
            html.p("Onto " + k + ":");
            html.table("figures", List.of("scenario", "fork strategy", "table", "operation", "extra ns over dense [95%]",
                    "real ns [95%]", "projected slowdown % [95%]", "simulator slowdown % [95%]"), t);
            if (mine.stream().anyMatch(r -> r.params().containsKey("interval"))) {
                html.p("A row with a value and no interval is a replay run with one round per table (--quick): one run gives "
                        + "a value but no interval.");
            }
            bars.forEach((scenario, byTable) -> {
                BarChart c = new BarChart("projected slowdown — " + scenario + " (" + k + ")", "%", OPERATIONS.toArray(String[]::new));
                byTable.forEach((table, v) -> c.row(table, v));
                charts.put(scenario, c);
            });
            html.raw("<div class=\"charts\">");
            charts.values().forEach(c -> html.raw(c.svg("Projected slowdown of the real fault (COW, or the scenario's mix of COW "
                    + "and reuse), the real reuse fault and the real fork per table, in percent of the real operation's cost on " + k + " (a negative value prints beside a minimal bar).")));
            html.raw("</div>");
        }
    }

    private static ResultRow sibling(List<ResultRow> rows, ResultRow r, String metric) {
        return rows.stream().filter(x -> x.metric().equals(metric) && x.table().equals(r.table()) && x.benchmark().equals(r.benchmark())
                && x.params().equals(r.params())).findFirst().orElse(null);
    }

    private static String withInterval(ResultRow r) {
        if (r == null || !Double.isFinite(r.value())) {
            return "–";
        }
        return Double.isFinite(r.low()) && Double.isFinite(r.high())
                ? Html.num(r.value()) + " [" + Html.num(r.low()) + ", " + Html.num(r.high()) + "]" : Html.num(r.value());
    }
}
