package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cowmeta.lab.results.Results;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;

/** The ranking of the tables with ratios to the anchors ({@link Summary}). */
final class SummarySection implements ReportSection {
    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String title() {
        return "Summary: the tables ranked";
    }

    @Override
    public Set<String> claims() {
        return Set.of();
    }

    @Override
    public void render(Results results, Html html) {
        Summary s = Summary.of(results);
        if (s.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        html.p("Median nanoseconds per table call of the main micro benchmarks over the run's rounds (1 thread, medium "
                + "utilisation, the largest size measured; page tables: one incrementAll of 512 frames plus one decrementAll of "
                + "512, in µs), modeled kernel bytes per counted frame, and time as a ratio to each anchor: the geometric mean "
                + "over every micro configuration both ran in this run, paired round by round, with its 95% interval in "
                + "brackets (below 1 is faster). Score: geometric mean of the time relative to the median table of each "
                + "configuration; the rank follows it.");
        html.table("figures summary", s.columns(), s.lines().stream().map(s::cells).toList());
        String density = DensityWinners.sentence(results);
        if (!density.isEmpty()) {
            html.p(density + " (counted frames per 2 MiB area; the memory section draws every table's curve)");
        }
        List<List<String>> anchors = new ArrayList<>();
        for (Summary.Line l : s.lines()) {
            TableRegistry.all().stream().filter(t -> t.name().equals(l.table()) && t.role() != TableSpec.Role.OURS && t.role() != TableSpec.Role.PEER)
                    .forEach(t -> anchors.add(List.of(t.name(), t.role().label(), t.description())));
        }
        if (!anchors.isEmpty()) {
            html.p("What the anchors and baselines follow: each models the kernel's own code and allocator (the class header "
                    + "of each names the functions); where the kernel allows two honest ways, both are tables, and every target "
                    + "divides by the faster or the smaller, as the figure demands.");
            html.table("facts", List.of("table", "role", "the kernel behaviour it follows"), anchors);
        }
        html.raw("<div class=\"charts\">");
        for (String anchor : Summary.ANCHORS) {
            IntervalChart c = new IntervalChart("time ÷ " + anchor + ", 95% interval");
            for (Summary.Line l : s.lines()) {
                var iv = l.ratios().get("time ÷ " + anchor);
                if (iv != null && Double.isFinite(iv.estimate()) && !l.table().equals(anchor)) {
                    c.row(l.table(), iv, Double.NaN, !iv.isFinite() ? IntervalChart.Tone.OPEN
                            : iv.high() < 1 ? IntervalChart.Tone.MET : iv.low() > 1 ? IntervalChart.Tone.NOT_MET : IntervalChart.Tone.OPEN);
                }
            }
            c.reference(anchor, 1);
            if (!c.isEmpty()) {
                html.raw(c.svg("Each table's time ÷ " + anchor + "'s over the configurations both ran, paired round by round. "
                        + "Green: faster than " + anchor + " with the whole interval, red: slower, grey: not distinguishable."));
            }
        }
        html.raw("</div>");
    }
}
