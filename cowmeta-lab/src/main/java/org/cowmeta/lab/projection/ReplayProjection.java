package org.cowmeta.lab.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelFigure;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.RowRatios;
import org.cowmeta.lab.stats.Interval;

/**
 * The dynamic replays' part of the {@link Projection}: for every replayed fork pair, fork
 * strategy and table, the table's extra time over dense per copy-on-write fault and per forked
 * page, onto the real kernel's COW fault and fork per page.
 *
 * <ul>
 * <li>Per fault: the replay's time in the writes the capture shows copied (timed one by one)
 *     divided by their number, table − dense paired by round. Every one of them copies a page in
 *     the kernel too, so the real cost is the COW fault alone. The replay's other writes (to
 *     pages already copied or new after the fork) are left out: their real counterpart is no
 *     single kernel figure.</li>
 * <li>Per forked page: the fork's time divided by the parent's pages before the fork, table −
 *     dense paired by round, against the real fork per page. The captured parent also maps
 *     file pages, which a real fork copies no PTE of where the VMA has no anonymous pages;
 *     the simulator's linux strategy counts every page, so the extra is an upper bound.</li>
 * </ul>
 * A replay of one round per table (--quick) has no interval: its rows carry the value alone and
 * the parameter "interval" says why, rather than a degenerate interval of one round.
 */
final class ReplayProjection {
    /** The start of a replay's scenario name in the projection: "replay " and the capture's stem. */
    static final String PREFIX = "replay ";
    /**
     * The section of the dynamic replays' rows (ReplayRows.DYNAMIC, named here rather than
     * imported: the replay package projects through this one).
     */
    static final String DYNAMIC = "replay-dynamic";
    /** Why a replay's row has no interval. */
    static final String ONE_ROUND = "none: one round per table (--quick)";

    private ReplayProjection() {}

    static void addRows(Results results, KernelCosts costs, String role) {
        Optional<Interval> cow = costs.figure(KernelFigure.COW_FAULT);
        Optional<Interval> fork = costs.figure(KernelFigure.FORK_PER_PAGE);
        Map<String, List<ResultRow>> cells = new LinkedHashMap<>();
        for (ResultRow r : results.section(DYNAMIC)) {
            if (List.of("cowFaultTime", "forkTime", "cowWrites", "preForkPages").contains(r.metric())) {
                cells.computeIfAbsent(r.params().toString(), k -> new ArrayList<>()).add(r);
            }
        }
        for (List<ResultRow> cell : cells.values()) {
            ResultRow any = cell.getFirst();
            long cowWrites = (long) value(cell, "dense", "cowWrites");
            long pages = (long) value(cell, "dense", "preForkPages");
            int rounds = Integer.parseInt(any.param("rounds", "0"));
            Map<String, String> p = new LinkedHashMap<>();
            p.put("capture", any.param("capture", "?"));
            p.put("strategy", any.param("strategy", "?"));
            p.put("parent", any.param("parent", "?"));
            p.put("child", any.param("child", "?"));
            p.put("rounds", Integer.toString(rounds));
            if (rounds < 2) {
                p.put("interval", ONE_ROUND);
            }
            String scenario = scenario(any.param("capture", "?"));
            for (String t : cell.stream().map(ResultRow::table).distinct().filter(t -> !t.equals("dense")).toList()) {
                project(results, cell, t, "cowFaultTime", cowWrites, cow, "fault", scenario, p, role, rounds, 1);
                project(results, cell, t, "forkTime", pages, fork, "fork", scenario, p, role, rounds, Double.NaN);
            }
        }
    }

    private static void project(Results results, List<ResultRow> cell, String table, String metric, long per, Optional<Interval> real,
                                String op, String scenario, Map<String, String> p, String role, int rounds, double copied) {
        ResultRow mine = find(cell, table, metric);
        ResultRow dense = find(cell, "dense", metric);
        if (mine == null || dense == null || real.isEmpty() || per <= 0) {
            return;
        }
        Interval extra = Projection.difference(mine, dense, per);
        Interval ratio = RowRatios.of(mine, dense);
        if (rounds < 2) {
            extra = valueOnly(extra);
            ratio = valueOnly(ratio);
        }
        Projection.add(results, table, scenario, p, extra, ratio, real.get(), op, role, copied);
    }

    /** "replay " and the capture's file name without .gz and .txt. */
    static String scenario(String capture) {
        return PREFIX + capture.replaceFirst("\\.gz$", "").replaceFirst("\\.txt$", "");
    }

    private static Interval valueOnly(Interval iv) {
        return new Interval(iv.estimate(), Double.NaN, Double.NaN, Double.NaN, iv.n());
    }

    private static double value(List<ResultRow> cell, String table, String metric) {
        ResultRow r = find(cell, table, metric);
        return r == null ? Double.NaN : r.value();
    }

    private static ResultRow find(List<ResultRow> cell, String table, String metric) {
        return cell.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric)).findFirst().orElse(null);
    }
}
