package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/**
 * The hardware unit, measured at the start, in the middle and at the end of the run, the
 * dependent-load latency against buffer size (the last-level cache in effect), the timer, and
 * how disturbed the run was (the noise monitor).
 */
final class ProbeSection implements ReportSection {
    @Override
    public String id() {
        return "probe";
    }

    @Override
    public String title() {
        return "The hardware unit and the run's noise";
    }

    @Override
    public Set<String> claims() {
        return Set.of("probe", "noise");
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.section("probe");
        if (rows.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        html.p("One dependent DRAM load: a pointer chase around a random cycle of 64-byte nodes in an off-heap buffer far larger "
                + "than the caches, mapped in huge pages as the tables are (each load's address is the previous load's value, "
                + "so the figure is one cache miss without a TLB miss). Streaming: a sequential read of the same buffer. "
                + "Median of the rounds, with the fastest and slowest round, measured at the start of the run, after the micro "
                + "benchmarks and at the end. Op times elsewhere are also given as multiples of the start's DRAM load "
                + "(\"× DRAM\").");
        List<List<String>> unit = new ArrayList<>();
        for (ResultRow r : rows) {
            if (r.benchmark().equals("dramLoad") || r.benchmark().equals("streamRead")) {
                boolean stream = r.benchmark().equals("streamRead");
                unit.add(List.of(r.param("checkpoint", "start"), r.benchmark(), Html.num(r.value()), r.unit(),
                        Html.num(stream ? r.high() : r.low()), Html.num(stream ? r.low() : r.high()), r.param("bufferMiB", "?"),
                        r.param("rounds", "?")));
            }
        }
        html.table("figures", List.of("when", "figure", "median", "unit", "fastest round", "slowest round", "buffer MiB", "rounds"), unit);

        List<ResultRow> curve = rows.stream().filter(r -> r.benchmark().equals("loadLatencyCurve")).toList();
        if (!curve.isEmpty()) {
            double llc = rows.stream().filter(r -> r.benchmark().equals("effectiveLastLevelCache")).mapToDouble(ResultRow::value)
                    .findFirst().orElse(Double.NaN);
            html.p("Dependent-load latency against the buffer's size: below the last-level cache a load is a cache hit, beyond it "
                    + "a DRAM access. The last-level cache in effect (the largest buffer nearer a hit than a miss) is "
                    + Html.num(llc) + " MiB here; the targets' single lookups are judged at 2^22 counted frames, where every "
                    + "table's array is larger than that (see the footprint part: bytes per counted frame × 4M).");
            html.table("figures", List.of("buffer MiB", "ns per dependent load"),
                    curve.stream().map(r -> List.of(r.param("bufferMiB", "?"), Html.num(r.value()))).toList());
        }
        List<ResultRow> noise = results.section("noise");
        List<List<String>> facts = new ArrayList<>();
        rows.stream().filter(r -> r.benchmark().startsWith("nanoTime"))
                .forEach(r -> facts.add(List.of("System.nanoTime " + r.metric(), Html.num(r.value()) + " " + r.unit())));
        for (ResultRow r : noise) {
            String when = r.params().containsKey("from") ? " (" + r.param("from", "") + " → " + r.param("to", "") + ")" : "";
            String what = switch (r.benchmark()) {
                case "otherProcesses" -> "CPU used by other processes";
                case "steal" -> "CPU taken by the hypervisor (steal)";
                case "dramUnitMove" -> "largest move of the DRAM unit between checkpoints";
                default -> r.benchmark();
            };
            facts.add(List.of(what + when, Html.num(r.value()) + " " + r.unit()));
        }
        if (!facts.isEmpty()) {
            String disturbed = results.run().get("disturbed");
            html.p(disturbed == null
                    ? "The noise monitor found the run undisturbed: the DRAM unit moved less than 10% between checkpoints and "
                    + "other processes and the hypervisor took less than 10% and 5% of the CPU."
                    : "This run was disturbed: " + disturbed);
            html.table("facts", List.of("fact", "value"), facts);
        }
    }
}
