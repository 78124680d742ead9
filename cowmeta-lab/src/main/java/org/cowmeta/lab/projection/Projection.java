package org.cowmeta.lab.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelFigure;
import org.cowmeta.lab.kernel.SimulatedCosts;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.RowRatios;
import org.cowmeta.lab.stats.HodgesLehmann;
import org.cowmeta.lab.stats.Interval;

/**
 * What each table would cost a real kernel's operation: the table's extra time over
 * {@code dense} in a macro scenario on the simulator, added to the real kernel's cost of the
 * same operation, as the projected slowdown of the real operation in percent.
 *
 * <ul>
 * <li>Per fault: the extra is the paired per-round difference of median fault latencies (table −
 *     dense), its centre and 95% interval by Hodges–Lehmann; the real fault is the kernel's COW
 *     fault and reuse fault weighted by the share of the scenario's faults that copied
 *     (do_wp_page → wp_page_copy, or → wp_page_reuse).</li>
 * <li>Per forked page, where the scenario forks: the paired difference of median fork latencies
 *     divided by the populated pages (memoryMiB × 256), against the kernel's fork per page
 *     (copy_page_range). With the {@code morsel} strategy a fork is O(1), so this extra is near 0
 *     whatever the table; with {@code linux} it is one increment per page.</li>
 * <li>On the probe's own protocol ({@link #PROTOCOL}: populate, fork with the linux strategy,
 *     the child writes every page, exits, the parent writes every page), run on the simulator
 *     with every table in interleaved rounds: its COW fault, reuse fault and fork per page over
 *     dense's, paired by round, each onto the same real operation. This is where a per-page fork cost shows, whatever strategy the
 *     macro scenarios use.</li>
 * <li>On every dynamic replay of a capture's fork pair ({@link ReplayProjection}): per COW fault
 *     and per forked page of the captured parent, each fork strategy.</li>
 * </ul>
 * The projection's interval combines the extra's interval with the real cost's: its ends divide
 * the extra's ends by the real cost's ends that make them widest, so it covers at least what
 * both intervals allow. Beside it, the simulator's own ratio (table ÷ dense − 1, paired by
 * round, in percent), which overstates the real slowdown as much as the simulator's operation
 * is cheaper than the kernel's.
 */
public final class Projection {
    public static final String SECTION = "projection";
    /** The scenario name of the probe's own protocol run on the simulator. */
    public static final String PROTOCOL = "probe-protocol";
    private static final double LEVEL = RowRatios.LEVEL;

    private Projection() {}

    /**
     * Adds the projection of every macro scenario, the probe's protocol and every replayed fork
     * pair ({@link ReplayProjection}), for every table, onto {@code costs} (labelled {@code role}).
     */
    public static void addRows(Results results, KernelCosts costs, String role) {
        Optional<Interval> cow = costs.figure(KernelFigure.COW_FAULT);
        Optional<Interval> reuse = costs.figure(KernelFigure.REUSE_FAULT);
        Optional<Interval> fork = costs.figure(KernelFigure.FORK_PER_PAGE);
        Map<String, List<ResultRow>> cells = new LinkedHashMap<>();
        for (ResultRow r : results.section("macro")) {
            if (r.metric().equals("faultLatencyP50") || r.metric().equals("forkLatencyP50") || r.metric().equals("faults")
                    || r.metric().equals("cowFaults")) {
                cells.computeIfAbsent(r.benchmark() + " " + r.params(), k -> new ArrayList<>()).add(r);
            }
        }
        for (List<ResultRow> cell : cells.values()) {
            ResultRow denseFault = find(cell, "dense", "faultLatencyP50");
            ResultRow denseFork = find(cell, "dense", "forkLatencyP50");
            double copied = share(find(cell, "dense", "cowFaults"), find(cell, "dense", "faults"));
            Optional<Interval> realFault = cow.isPresent() && (copied >= 1 || reuse.isPresent())
                    ? Optional.of(mix(cow.get(), reuse.orElse(cow.get()), copied)) : Optional.empty();
            List<String> tables = cell.stream().map(ResultRow::table).distinct().filter(t -> !t.equals("dense")).toList();
            for (String t : tables) {
                ResultRow fault = find(cell, t, "faultLatencyP50");
                if (fault != null && denseFault != null && realFault.isPresent()) {
                    add(results, fault, denseFault, 1, realFault.get(), "fault", role, copied);
                }
                ResultRow f = find(cell, t, "forkLatencyP50");
                if (f != null && denseFork != null && fork.isPresent()) {
                    long pages = Long.parseLong(f.param("memoryMiB", "0")) << 8;
                    if (pages > 0) {
                        add(results, f, denseFork, pages, fork.get(), "fork", role, Double.NaN);
                    }
                }
            }
        }
        addProtocol(results, costs, role);
        ReplayProjection.addRows(results, costs, role);
    }

    private static void add(Results results, ResultRow mine, ResultRow dense, long per, Interval real, String op, String role,
                            double copied) {
        add(results, mine.table(), mine.benchmark(), mine.params(), difference(mine, dense, per), RowRatios.of(mine, dense), real, op,
                role, copied);
    }

    static void add(Results results, String table, String scenario, Map<String, String> params, Interval extra,
                            Interval ratio, Interval real, String op, String role, double copied) {
        if (!Double.isFinite(extra.estimate())) {
            return;
        }
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("operation", op);
        p.put("kernel", role);
        if (Double.isFinite(copied)) {
            p.put("copyingShare", String.format(Locale.ROOT, "%.3f", copied));
        }
        results.add(row(table, scenario, p, "extraNanos", extra, "ns"));
        results.add(row(table, scenario, p, "realNanos", real, "ns"));
        results.add(row(table, scenario, p, "projectedSlowdown", slowdown(extra, real), "%"));
        results.add(row(table, scenario, p, "simulatorSlowdown",
                new Interval(100 * (ratio.estimate() - 1), 100 * (ratio.low() - 1), 100 * (ratio.high() - 1), ratio.confidence(),
                        ratio.n()), "%"));
    }

    /**
     * The probe's own protocol on the simulator ({@link SimulatedCosts}, every table in a fresh
     * JVM each round, linux fork strategy): the table's COW fault, reuse fault and fork per page
     * against dense's, paired by round, each projected onto the same real operation.
     */
    private static void addProtocol(Results results, KernelCosts costs, String role) {
        List<ResultRow> sim = results.section(KernelRows.SECTION).stream().filter(r -> r.benchmark().equals("simulated")).toList();
        List<String> tables = sim.stream().map(ResultRow::table).distinct().filter(t -> !t.equals("dense")).toList();
        Map<String, KernelFigure> ops = new LinkedHashMap<>();
        ops.put("fault", KernelFigure.COW_FAULT);
        ops.put("reuse", KernelFigure.REUSE_FAULT);
        ops.put("fork", KernelFigure.FORK_PER_PAGE);
        for (String t : tables) {
            ops.forEach((op, f) -> {
                ResultRow mine = find(sim, t, f.id());
                ResultRow dense = find(sim, "dense", f.id());
                Optional<Interval> real = costs.figure(f);
                if (mine == null || dense == null || real.isEmpty()) {
                    return;
                }
                add(results, t, PROTOCOL, mine.params(), difference(mine, dense, 1), RowRatios.of(mine, dense), real.get(), op, role,
                        op.equals("fault") ? 1 : Double.NaN);
            });
        }
    }

    /** (mine − dense) / per, paired by round; without rounds the difference of the values, with no interval. */
    static Interval difference(ResultRow mine, ResultRow dense, long per) {
        double[] a = mine.sampleArray();
        double[] b = dense.sampleArray();
        int n = Math.min(a.length, b.length);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (a[i] - b[i]) / per;
        }
        Interval iv = HodgesLehmann.oneSample(d, LEVEL);
        if (iv.n() == 0) {
            double v = (mine.value() - dense.value()) / per;
            return Double.isFinite(v) ? new Interval(v, Double.NaN, Double.NaN, Double.NaN, 1) : Interval.NONE;
        }
        return iv;
    }

    /** 100 × extra / real, its ends those that the two intervals' ends make widest. */
    static Interval slowdown(Interval extra, Interval real) {
        double est = 100 * extra.estimate() / real.estimate();
        if (!Double.isFinite(extra.low()) || !Double.isFinite(real.low())) {
            return new Interval(est, Double.NaN, Double.NaN, Double.NaN, extra.n());
        }
        double low = 100 * extra.low() / (extra.low() >= 0 ? real.high() : real.low());
        double high = 100 * extra.high() / (extra.high() >= 0 ? real.low() : real.high());
        return new Interval(est, low, high, Math.min(extra.confidence(), real.confidence()), extra.n());
    }

    /** share × a + (1 − share) × b, end by end. */
    static Interval mix(Interval a, Interval b, double share) {
        double s = Math.max(0, Math.min(1, share));
        return new Interval(s * a.estimate() + (1 - s) * b.estimate(), s * a.low() + (1 - s) * b.low(),
                s * a.high() + (1 - s) * b.high(), Math.min(a.confidence(), b.confidence()), Math.min(a.n(), b.n()));
    }

    /** cowFaults / faults, or 1 (every fault copies) when the scenario did not count them. */
    private static double share(ResultRow cowFaults, ResultRow faults) {
        if (cowFaults == null || faults == null || !(faults.value() > 0)) {
            return 1;
        }
        return Math.max(0, Math.min(1, cowFaults.value() / faults.value()));
    }

    private static ResultRow find(List<ResultRow> cell, String table, String metric) {
        return cell.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric)).findFirst().orElse(null);
    }

    private static ResultRow row(String table, String scenario, Map<String, String> p, String metric, Interval iv, String unit) {
        return ResultRow.of(SECTION, table, scenario, p, metric, iv.estimate(), unit).withSpread(Double.NaN, iv.low(), iv.high());
    }

        /**
     * The tables the printed summary of the projection shows: the kernel's two hash tables and
     * ours, the designs a kernel would choose between (every table is in the report and in
     * results.json).
     */
    static final List<String> PRINTED_TABLES = List.of("rhashtable", "rosebush", "compact", "clustered");

    /**
     * The projection as evaluate prints it: per kernel, one line per scenario and operation, one
     * column per table of {@link #PRINTED_TABLES}, each the projected slowdown in percent with its
     * 95% interval.
     */
    public static String text(Results results) {
        List<ResultRow> rows = results.section(SECTION).stream().filter(r -> r.metric().equals("projectedSlowdown")).toList();
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (String kernel : rows.stream().map(r -> r.param("kernel", "?")).distinct().toList()) {
            List<ResultRow> mine = rows.stream().filter(r -> r.param("kernel", "?").equals(kernel)).toList();
            List<String> tables = PRINTED_TABLES.stream().filter(t -> mine.stream().anyMatch(r -> r.table().equals(t))).toList();
            if (tables.isEmpty()) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "%nProjected slowdown of the real operation on %s, %% [95%% interval]: the table's extra "
                    + "time over dense on the simulator added to the real kernel's cost (every table, and the simulator's own ratio, "
                    + "in the report)%n", kernel));
            int width = Math.max(24, mine.stream().mapToInt(r -> label(r).length()).max().orElse(0) + 1);
            String col = "  %-" + width + "s";
            s.append(String.format(Locale.ROOT, col, "scenario, operation"));
            tables.forEach(t -> s.append(String.format(Locale.ROOT, " %-22s", t)));
            s.append(System.lineSeparator());
            Map<String, Map<String, ResultRow>> lines = new LinkedHashMap<>();
            for (ResultRow r : mine) {
                Map<String, String> cellParams = new LinkedHashMap<>(r.params());
                String line = r.benchmark() + ", " + r.param("operation", "?");
                lines.computeIfAbsent(line + " " + cellParams, k -> new LinkedHashMap<>()).put(r.table(), r);
            }
            for (Map<String, ResultRow> line : lines.values()) {
                ResultRow any = line.values().iterator().next();
                s.append(String.format(Locale.ROOT, col, label(any)));
                tables.forEach(t -> s.append(String.format(Locale.ROOT, " %-22s", cell(line.get(t)))));
                s.append(System.lineSeparator());
            }
            if (mine.stream().anyMatch(r -> r.params().containsKey("interval"))) {
                s.append(String.format(Locale.ROOT, "  (a value without an interval: its replay ran one round per table, --quick)%n"));
            }
        }
        return s.toString();
    }

    /** The scenario as the text and the charts name it: a replay with its fork strategy. */
    public static String scenarioLabel(ResultRow r) {
        return r.benchmark().startsWith(ReplayProjection.PREFIX) ? r.benchmark() + " (" + r.param("strategy", "?") + ")" : r.benchmark();
    }

    private static String label(ResultRow r) {
        return scenarioLabel(r) + ", " + r.param("operation", "?");
    }

    private static ResultRow sibling(List<ResultRow> rows, ResultRow r, String metric) {
        return rows.stream().filter(x -> x.metric().equals(metric) && x.table().equals(r.table()) && x.benchmark().equals(r.benchmark())
                && x.params().equals(r.params())).findFirst().orElse(null);
    }

    static String cell(ResultRow r) {
        if (r == null || !Double.isFinite(r.value())) {
            return "–";
        }
        return Double.isFinite(r.low()) ? fmt(r.value()) + " [" + fmt(r.low()) + ", " + fmt(r.high()) + "]" : fmt(r.value());
    }

    /** Three significant digits, no exponent for the sizes that occur here. */
    static String fmt(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
