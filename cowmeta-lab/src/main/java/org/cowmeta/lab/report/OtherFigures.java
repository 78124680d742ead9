package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/** Every row of a section no part of the report claims, as a plain table per section. */
final class OtherFigures {
    private OtherFigures() {}

    static void render(Results results, Set<String> claimed, Html html) {
        Map<String, List<ResultRow>> bySection = new LinkedHashMap<>();
        for (ResultRow r : results.rows()) {
            if (!claimed.contains(r.section())) {
                bySection.computeIfAbsent(r.section(), k -> new ArrayList<>()).add(r);
            }
        }
        if (bySection.isEmpty()) {
            return;
        }
        html.h2("other", "Other figures");
        bySection.forEach((section, rows) -> {
            html.h3(section);
            html.table("figures", List.of("table", "benchmark", "params", "metric", "value", "unit", "±", "lines", "loads"),
                    rows.stream().map(OtherFigures::cells).toList());
        });
    }

    static List<String> cells(ResultRow r) {
        String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return List.of(r.table(), r.benchmark(), params, r.metric(), Html.num(r.value()), r.unit(),
                Html.num(r.error()), Html.num(r.costLines()), Html.num(r.costLoads()));
    }
}
