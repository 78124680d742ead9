package org.cowmeta.lab.report;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.tuning.TuningChoice;
import org.cowmeta.lab.tuning.TuningSweep;
import org.cowmeta.lab.tuning.Tunables;

/**
 * The tuning sweep's curves: per table and option, time per operation, bytes per counted frame
 * and cache lines per operation against the option's value, with the chosen default (by
 * {@link TuningChoice}'s rule) drawn as a vertical line through the curves.
 */
final class TuningSection implements ReportSection {
    @Override
    public String id() {
        return "tuning";
    }

    @Override
    public String title() {
        return "Tuning: option sweeps";
    }

    @Override
    public Set<String> claims() {
        return Set.of(TuningSweep.SECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.section(TuningSweep.SECTION);
        if (rows.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        html.p("Each point is a fresh table pre-sized for " + rows.getFirst().param("counted", "?")
                + " uniform random counted frames (so it sits at its load factor, right before it would grow), one option "
                + "changed, every other at its default. Every 64th frame is shared by 3 to 4096 references (log-uniform), "
                + "the rest by two. Times: median of the measured rounds of a timed loop, in the thread's CPU time (time spent waiting for a core on a busy machine is left out; whiskers in the table: fastest "
                + "and slowest round); increment+decrement changes the count of a counted frame, insert+remove adds and "
                + "removes an absent one, both per call. Cache lines: the table's own account, averaged over 2048 frames. "
                + "Choice: among the values at which the table stayed at its setting, the fewest modeled bytes per counted "
                + "frame among those whose summed time is within 10% of the fastest; ties by cache lines, then the "
                + "current default. A pick is one run's: change a default only when full-profile runs (2^22 frames, more "
                + "rounds; a larger table fits the caches less and holds lower loads) repeat it.");
        for (List<String> pair : TuningChoice.swept(rows)) {
            String table = pair.get(0);
            String option = pair.get(1);
            html.h3(table + ": " + option);
            TuningChoice.choose(rows, table, option).ifPresent(c -> html.p(sentence(c)));
            List<ResultRow> mine = rows.stream().filter(r -> r.table().equals(table) && r.param("option", "").equals(option)).toList();
            grown(mine, option).ifPresent(html::p);
            String chosen = TuningChoice.choose(rows, table, option).map(TuningChoice.Choice::chosen).orElse("");
            LineChart time = new LineChart(table + ": time vs " + option, option, "ns per call");
            LineChart bytes = new LineChart(table + ": bytes vs " + option, option, "bytes per counted frame");
            LineChart lines = new LineChart(table + ": cache lines vs " + option, option, "cache lines per call");
            for (ResultRow r : mine) {
                double x = number(r.param("value", ""));
                if (r.metric().equals("time")) {
                    time.point(r.benchmark(), x, r.value());
                    lines.point(r.benchmark(), x, r.costLines());
                } else if (r.metric().equals("modeledBytesPerEntry")) {
                    bytes.point("modeled", x, r.value());
                } else if (r.metric().equals("jvmBytesPerEntry")) {
                    bytes.point("JVM", x, r.value());
                }
            }
            for (ResultRow r : mine) { // the chosen value: a vertical line through the curves
                if (r.param("value", "").equals(chosen)) {
                    double x = number(chosen);
                    if (r.metric().equals("time")) {
                        time.point("pick " + chosen, x, r.value());
                        lines.point("pick " + chosen, x, r.costLines());
                    } else if (r.metric().equals("modeledBytesPerEntry") || r.metric().equals("jvmBytesPerEntry")) {
                        bytes.point("pick " + chosen, x, r.value());
                    }
                }
            }
            html.raw("<div class=\"charts\">");
            html.raw(time.svg("Median ns per call against " + option + "; the vertical line marks this run's pick, " + chosen + "."));
            html.raw(bytes.svg("Modeled and JVM bytes per counted frame against " + option + "."));
            html.raw(lines.svg("Cache lines per call (deterministic, from the table's trace) against " + option + "."));
            html.raw("</div>");
        }
        for (String table : results.tables()) {
            String note = Tunables.note(table);
            if (!note.isEmpty() && rows.stream().anyMatch(r -> r.table().equals(table))) {
                html.p(table + ": " + note);
            }
        }
        html.table("figures", List.of("table", "benchmark", "params", "metric", "value", "unit", "±", "lines", "loads", "fastest", "slowest"),
                rows.stream().map(r -> {
                    List<String> cells = new java.util.ArrayList<>(OtherFigures.cells(r));
                    cells.add(Html.num(r.low()));
                    cells.add(Html.num(r.high()));
                    return cells;
                }).toList());
    }

    /** A sentence naming the values at which the pre-sized table still resized, with the load it ended at. */
    static java.util.Optional<String> grown(List<ResultRow> mine, String option) {
        List<String> grown = mine.stream().filter(r -> r.metric().equals("resizes") && r.value() > 0).map(r -> {
            String v = r.param("value", "");
            double load = mine.stream().filter(l -> l.metric().equals("load") && l.param("value", "").equals(v))
                    .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
            return v + " (load " + Html.num(load) + " after " + Html.num(r.value()) + " resize)";
        }).toList();
        if (grown.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("At " + option + " = " + String.join(", ", grown) + " the pre-sized table grew anyway while "
                + "it was filled or used (the table's own guard against long probes): it cannot be held at that setting, so "
                + "those points describe the grown table and its bytes.");
    }

    static String sentence(TuningChoice.Choice c) {
        TuningChoice.Candidate ch = c.candidate(c.chosen());
        TuningChoice.Candidate cur = c.candidates().stream().filter(k -> k.value().equals(c.currentDefault())).findFirst().orElse(null);
        String figures = String.format(Locale.ROOT, "%s=%s: %.1f ns summed over the four operations, %.2f B per counted frame, "
                + "%.2f cache lines", c.option(), ch.value(), ch.time(), ch.bytes(), ch.lines());
        if (!c.changesDefault() || cur == null) {
            return "This run's pick: " + c.option() + " = " + c.chosen() + " (the current default). " + figures + ".";
        }
        return "This run's pick: " + c.option() + " = " + c.chosen() + ", the current default is " + c.currentDefault() + ". " + figures
                + String.format(Locale.ROOT, "; at %s: %.1f ns, %.2f B, %.2f cache lines.", cur.value(), cur.time(), cur.bytes(), cur.lines());
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
