package org.cowmeta.lab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.cowmeta.lab.results.Results;

/**
 * Renders report.html from {@link Results}: one self-contained file (inline CSS and SVG, no
 * script, no network) that opens offline. The parts come from {@link ReportSections}.
 */
public final class ReportRenderer {
    public static final String FILE = "report.html";

    private ReportRenderer() {}

    public static String render(Results results) {
        Html body = new Html();
        Set<String> claimed = new HashSet<>();
        StringBuilder toc = new StringBuilder();
        for (ReportSection s : ReportSections.all()) {
            Html part = new Html();
            s.render(results, part);
            claimed.addAll(s.claims());
            if (!part.toString().isEmpty()) {
                body.raw("<section>").raw(part.toString()).raw("</section>\n");
                toc.append("<a href=\"#").append(Html.esc(s.id())).append("\">").append(Html.esc(s.title())).append("</a> ");
            }
        }
        Html other = new Html();
        OtherFigures.render(results, claimed, other);
        if (!other.toString().isEmpty()) {
            body.raw("<section>").raw(other.toString()).raw("</section>\n");
            toc.append("<a href=\"#other\">Other figures</a>");
        }
        Html page = new Html();
        page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>cowmeta report</title>\n<style>")
                .raw(CSS).raw("</style></head>\n<body>\n<h1>cowmeta report</h1>\n");
        page.raw("<p class=\"lead\">What copy-on-write reference counts cost in a hash table instead of struct page. ")
                .text("Command: " + results.run().getOrDefault("command", "?") + " — profile "
                        + results.run().getOrDefault("profile", "?") + ", started " + results.run().getOrDefault("startedAt", "?"))
                .raw("</p>\n");
        if (!results.notes().isEmpty()) {
            page.raw("<ul class=\"notes\">");
            results.notes().forEach(n -> page.raw("<li>").text(n).raw("</li>"));
            page.raw("</ul>\n");
        }
        page.raw("<nav>").raw(toc.toString()).raw("</nav>\n").raw(body.toString()).raw("</body></html>\n");
        return page.toString();
    }

    public static Path write(Results results, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Files.writeString(file, render(results), StandardCharsets.UTF_8);
        return file;
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:18px 0 6px}p.lead{color:#555;margin-top:0}
            nav a{margin-right:12px;font-size:13px}ul.notes{background:#fff8e1;border:1px solid #f0d78c;padding:8px 8px 8px 28px}
            table{border-collapse:collapse;margin:6px 0 12px;font-size:12.5px}
            th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            table.figures td:nth-child(n+5){text-align:right;font-variant-numeric:tabular-nums}
            .charts{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}.chart{border:1px solid #e3e3e3;background:#fff}
            figure{margin:0}figcaption{font-size:12px;color:#555;max-width:540px;padding:2px 6px 6px}
            """;
}
