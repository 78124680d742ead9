package org.cowmeta.lab.report;

import java.util.List;
import java.util.Set;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.tables.Frames;

/** Bytes per counted frame (modeled and JVM) and metadata as a share of memory beside struct page. */
final class FootprintSection implements ReportSection {
    @Override
    public String id() {
        return "footprint";
    }

    @Override
    public String title() {
        return "Memory: bytes per counted frame";
    }

    @Override
    public Set<String> claims() {
        return Set.of("footprint", DensityWinners.SECTION);
    }

    @Override
    public void render(Results results, Html html) {
        List<ResultRow> rows = results.section("footprint");
        List<ResultRow> density = results.section(DensityWinners.SECTION);
        if (rows.isEmpty() && density.isEmpty()) {
            return;
        }
        html.h2(id(), title());
        if (!rows.isEmpty()) {
            randomFill(results, rows, html);
        }
        if (!density.isEmpty()) {
            density(results, density, html);
        }
    }

    private static void randomFill(Results results, List<ResultRow> rows, Html html) {
        ResultRow any = rows.getFirst();
        html.p("Each table filled with " + any.param("counted", "?") + " random counted frames of a memory of "
                + any.param("memoryFrames", "?") + " frames (default sizing, so the growth policy shows). Modeled bytes: what "
                + "the structure would occupy in the kernel (x86-64 layout, kmalloc size classes, vmalloc pages); JVM bytes: "
                + "what it occupies here. struct page costs 64 bytes for every frame, counted or not: "
                + "1.5625% of memory.");
        BarChart perEntry = new BarChart("Bytes per counted frame", "B", "modeled", "JVM");
        BarChart share = new BarChart("Metadata as a share of memory", "%", "modeled");
        for (String t : results.tables()) {
            double modeled = value(rows, t, "modeledBytesPerEntry");
            double jvm = value(rows, t, "jvmBytesPerEntry");
            double pct = value(rows, t, "modeledShareOfMemory");
            if (Double.isFinite(modeled) || Double.isFinite(jvm)) {
                perEntry.row(t, modeled, jvm);
                share.row(t, pct);
            }
        }
        perEntry.reference("struct page per frame", Frames.STRUCT_PAGE_BYTES);
        share.reference("struct page", 100.0 * Frames.STRUCT_PAGE_BYTES / Frames.PAGE_SIZE);
        html.raw("<div class=\"charts\">");
        if (!perEntry.isEmpty()) {
            html.raw(perEntry.svg("Modeled and JVM bytes per counted frame; the dashed line is struct page's 64 B per frame."));
            html.raw(share.svg("Modeled metadata bytes as a share of the memory the frames were drawn from; dashed: struct page's 1.5625%."));
        }
        html.raw("</div>");
        html.table("figures", List.of("table", "benchmark", "params", "metric", "value", "unit", "±", "lines", "loads"),
                rows.stream().map(OtherFigures::cells).toList());
    }

    /** Bytes per counted frame against counted frames per 2 MiB area, one line per table. */
    private static void density(Results results, List<ResultRow> rows, Html html) {
        ResultRow any = rows.getFirst();
        html.p("The same " + any.param("counted", "?") + " counted frames spread over areas at 1, 2, 4 ... 512 counted frames "
                + "per 2 MiB area, in a memory of " + any.param("memoryFrames", "?") + " frames (room for one counted frame "
                + "per area) at every density: a table keyed by area pays per area, a table keyed by frame per frame, and "
                + "dense pays 64 B per physical frame wherever the counted ones lie. " + DensityWinners.sentence(results));
        LineChart chart = new LineChart("Modeled bytes per counted frame by density", "counted frames per 2 MiB area",
                "B per counted frame").logX(2).logY();
        for (String t : results.tables()) {
            for (ResultRow r : rows) {
                if (r.table().equals(t) && r.metric().equals(DensityWinners.METRIC)) {
                    chart.point(t, DensityWinners.density(r), r.value());
                }
            }
        }
        html.raw("<div class=\"charts\">");
        if (!chart.isEmpty()) {
            html.raw(chart.svg("Modeled (kernel) bytes per counted frame, log scales; the lower the line, the smaller the table at that density."));
        }
        html.raw("</div>");
        html.table("figures", List.of("table", "benchmark", "params", "metric", "value", "unit", "±", "lines", "loads"),
                rows.stream().map(OtherFigures::cells).toList());
    }

    private static double value(List<ResultRow> rows, String table, String metric) {
        return rows.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }
}
