package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cowmeta.lab.results.Results;

/** Where and how the run happened: the exact command, profile, times, machine and JVM. */
final class RunSection implements ReportSection {
    @Override
    public String id() {
        return "run";
    }

    @Override
    public String title() {
        return "The run";
    }

    @Override
    public Set<String> claims() {
        return Set.of();
    }

    @Override
    public void render(Results results, Html html) {
        html.h2(id(), title());
        List<List<String>> rows = new ArrayList<>();
        add(rows, "run", results.run());
        add(rows, "machine", results.machine());
        add(rows, "jvm", results.jvm());
        html.table("facts", List.of("", "fact", "value"), rows);
    }

    private static void add(List<List<String>> rows, String group, Map<String, String> facts) {
        facts.forEach((k, v) -> rows.add(List.of(group, k, v)));
    }
}
