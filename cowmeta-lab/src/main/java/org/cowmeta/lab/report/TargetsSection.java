package org.cowmeta.lab.report;

import java.util.List;
import java.util.Set;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.stats.Threshold.Verdict;

/** The targets, each with the run's two measured figures, the ratio with its interval, the threshold and the verdict ({@link Targets}). */
final class TargetsSection implements ReportSection {
    @Override
    public String id() {
        return "targets";
    }

    @Override
    public String title() {
        return "Targets";
    }

    /** The stored target rows are what this part shows (recomputed from the measured rows). */
    @Override
    public Set<String> claims() {
        return Set.of(Targets.SECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<TargetLine> lines = Targets.of(results);
        if (lines.stream().allMatch(l -> l.verdict() == Verdict.NOT_MEASURED)) {
            return;
        }
        long met = count(lines, Verdict.MET);
        long missed = count(lines, Verdict.NOT_MET);
        long open = count(lines, Verdict.INCONCLUSIVE);
        html.h2(id(), title());
        html.p("Each target computed from this run's measured rows only: " + met + " met, " + missed + " not met, " + open
                + " inconclusive, " + (lines.size() - met - missed - open) + " not measured in this run. A speed ratio is the "
                + "reference's time ÷ the subject's (above 1: the subject is faster), paired round by round: the two tables ran "
                + "back to back in every round of the interleaved schedule, and the ratio is the Hodges–Lehmann estimate over the "
                + "rounds with its 95% confidence interval (exact, from the signed-rank distribution). A target is met when the "
                + "whole interval is on the right side of the threshold, not met when the whole interval is on the wrong side, and "
                + "inconclusive when the interval straddles it: noise widens the interval instead of flipping the verdict. Micro "
                + "figures are at 1 thread, medium utilisation, disjoint frames, at 2^22 counted frames (where no table fits the "
                + "last-level cache; else the largest size both sides ran, said in the configuration). Bytes are the modeled "
                + "kernel bytes per counted frame (exact: no interval). End to end: the median fault latency of the macro "
                + "scenario with the best table ÷ with dense, paired run by run, and that table's metadata ÷ struct page's 64 B per "
                + "frame of the simulated memory.");
        IntervalChart chart = new IntervalChart("measured ÷ threshold, with 95% intervals");
        for (TargetLine l : lines) {
            if (!l.measuredUnit().equals("×") || !Double.isFinite(l.measured().estimate())) {
                continue;
            }
            double t = l.threshold().value();
            IntervalChart.Tone tone = switch (l.verdict()) {
                case MET -> IntervalChart.Tone.MET;
                case NOT_MET -> IntervalChart.Tone.NOT_MET;
                default -> IntervalChart.Tone.OPEN;
            };
            var m = l.measured();
            chart.row(l.id(), new org.cowmeta.lab.stats.Interval(m.estimate() / t, m.low() / t, m.high() / t, m.confidence(), m.n()),
                    Double.NaN, tone);
        }
        chart.reference("threshold", 1);
        if (!chart.isEmpty()) {
            html.raw("<div class=\"charts\">").raw(chart.svg("Each ratio target's measured value divided by its threshold, with its "
                    + "95% interval: right of the line is better for a '≥' target, left of it for a '≤' or '<' target. Green: met, "
                    + "red: not met, grey: inconclusive.")).raw("</div>");
        }
        html.table("targets", List.of("target", "configuration", "subject (median)", "reference (median)", "measured [95% interval]",
                "threshold", "verdict", "note"), lines.stream().map(TargetLine::cells).toList());
    }

    private static long count(List<TargetLine> lines, Verdict v) {
        return lines.stream().filter(l -> l.verdict() == v).count();
    }
}
