package org.cowmeta.lab.report;

import java.util.List;
import java.util.Set;

/** The hardware unit this run measured first: one dependent DRAM load and streaming bandwidth. */
final class ProbeSection implements ReportSection {
    @Override
    public String id() {
        return "probe";
    }

    @Override
    public String title() {
        return "The hardware unit";
    }

    @Override
    public Set<String> claims() {
        return Set.of("probe");
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.section("probe");
        if (rows.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        html.p("Measured first in every run. One dependent DRAM load: a pointer chase around a random cycle of 64-byte "
                + "nodes in an off-heap buffer far larger than the caches (each load's address is the previous load's value). "
                + "Streaming: a sequential read of the same buffer. Median of the rounds, with the fastest and slowest round. "
                + "Op times elsewhere are also given as multiples of the DRAM load (\"× DRAM\").");
        html.table("figures", List.of("figure", "median", "unit", "fastest round", "slowest round", "buffer MiB", "rounds"),
                rows.stream().map(r -> List.of(r.benchmark(), Html.num(r.value()), r.unit(),
                        Html.num(r.benchmark().equals("streamRead") ? r.high() : r.low()),
                        Html.num(r.benchmark().equals("streamRead") ? r.low() : r.high()),
                        r.param("bufferMiB", "?"), r.param("rounds", "?"))).toList());
    }
}
