package org.cowmeta.lab.report;

import java.util.List;
import java.util.Set;

/** Issue 6's targets, each with the run's two measured figures, the ratio, the threshold and met or not ({@link Targets}). */
final class TargetsSection implements ReportSection {
    @Override
    public String id() {
        return "targets";
    }

    @Override
    public String title() {
        return "Targets (issue 6)";
    }

    /** The stored target rows are what this part shows (recomputed from the measured rows). */
    @Override
    public Set<String> claims() {
        return Set.of(Targets.SECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<TargetLine> lines = Targets.of(results);
        if (lines.stream().allMatch(l -> l.verdict() == TargetLine.Verdict.NOT_MEASURED)) {
            return;
        }
        long met = lines.stream().filter(l -> l.verdict() == TargetLine.Verdict.MET).count();
        long missed = lines.stream().filter(l -> l.verdict() == TargetLine.Verdict.NOT_MET).count();
        html.h2(id(), title());
        html.p("Each target of issue 6 computed from this run's measured rows only: " + met + " met, " + missed + " not met, "
                + (lines.size() - met - missed) + " not measured in this run. Micro figures are JMH medians at 1 thread, medium "
                + "utilisation, disjoint frames, at 2^22 counted frames (or the largest size both sides ran, said in the "
                + "configuration); a speed ratio is the reference's time ÷ the subject's (above 1: the subject is faster). "
                + "Bytes are the modeled kernel bytes per counted frame. End to end: the median fault latency of the macro "
                + "scenario with the best table ÷ with dense, and that table's metadata (the largest modeled bytes the scenario "
                + "sampled: after its write phase and at its end) ÷ struct page's 64 B per frame of the simulated memory.");
        html.table("targets", List.of("target", "configuration", "subject (median)", "reference (median)", "measured",
                "threshold", "verdict", "note"), lines.stream().map(TargetLine::cells).toList());
    }
}
