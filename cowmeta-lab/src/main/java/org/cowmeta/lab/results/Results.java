package org.cowmeta.lab.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything one run measured: how it was run (command, profile, machine, JVM, times, notes)
 * and its figures as {@link ResultRow}s. It is what results.json holds and all the report is
 * rendered from. Adding rows is thread-safe.
 */
public final class Results implements ResultSink {
    /** 2: rows may carry per-round samples, ratios and targets their 95% intervals in low/high. */
    public static final int SCHEMA = 2;

    private final Map<String, String> run = new LinkedHashMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final Map<String, String> jvm = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ResultRow> rows = new ArrayList<>();

    /** Run facts: "command", "profile", "startedAt", "finishedAt", "tables", ... */
    public synchronized Results run(String key, String value) {
        run.put(key, value);
        return this;
    }

    public synchronized Results machine(Map<String, String> facts) {
        machine.putAll(facts);
        return this;
    }

    public synchronized Results jvm(Map<String, String> facts) {
        jvm.putAll(facts);
        return this;
    }

    /** A sentence the report shows near the top (e.g. what was skipped and why). */
    public synchronized Results note(String sentence) {
        if (!notes.contains(sentence)) {
            notes.add(sentence);
        }
        return this;
    }

    @Override
    public synchronized void add(ResultRow row) {
        rows.add(row);
    }

    /** Drops every row of {@code section} (a part re-emits its rows once it has measured more). */
    public synchronized void removeSection(String section) {
        rows.removeIf(r -> r.section().equals(section));
    }

    /** A copy of everything held now (later additions to either do not reach the other). */
    public synchronized Results copy() {
        Results c = new Results();
        c.run.putAll(run);
        c.machine.putAll(machine);
        c.jvm.putAll(jvm);
        c.notes.addAll(notes);
        c.rows.addAll(rows);
        return c;
    }

    public synchronized Map<String, String> run() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(run));
    }

    public synchronized Map<String, String> machine() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(machine));
    }

    public synchronized Map<String, String> jvm() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(jvm));
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    public synchronized List<ResultRow> rows() {
        return List.copyOf(rows);
    }

    public List<ResultRow> rows(Predicate<ResultRow> filter) {
        return rows().stream().filter(filter).toList();
    }

    public List<ResultRow> section(String section) {
        return rows(r -> r.section().equals(section));
    }

    /** The tables that appear in any row, in first-seen order. */
    public List<String> tables() {
        return rows().stream().map(ResultRow::table).filter(t -> !t.isEmpty()).distinct().toList();
    }

    /** The latency of one dependent DRAM load measured by this run's probe, in ns, if any. */
    public Optional<Double> dramLoadNanos() {
        return rows().stream()
                .filter(r -> r.section().equals("probe") && r.benchmark().equals("dramLoad") && r.metric().equals("latency"))
                .map(ResultRow::value).findFirst();
    }
}
