package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.RowRatios;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.lab.stats.Threshold;
import org.cowmeta.lab.stats.Threshold.Bound;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.TableSpec.Role;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * The lab's performance targets, each checked against the measured rows of one run and nothing
 * else: micro benchmarks (1 thread, medium utilisation, disjoint frames; at 2^22 counted frames,
 * where no table fits the last-level cache, or at the largest size both sides ran when 2^22 is
 * absent, said in the line), modeled bytes per counted frame (a static replay of a capture when
 * the run holds one, else the footprint part's random frames, said in the line), and the macro
 * scenarios' median fault time and metadata (the largest the scenario sampled). Speed targets are
 * ratios reference ÷ subject (how many times faster the subject is); fault time and metadata are
 * subject ÷ reference; bytes are the value itself. Every ratio is paired round by round with its
 * 95% interval ({@link RowRatios}), and the verdict is met or not met only when the whole
 * interval lies on one side of the threshold.
 */
public final class Targets {
    public static final String SECTION = "targets";
    /** The size the targets are stated at: 4M counted frames. */
    static final int TARGET_LOG2_SIZE = 22;
    /** The Java peers: the fastest of them measured in the run is the one a peer target compares with. */
    static final List<String> PEERS = TableRegistry.names(Role.PEER);
    static final List<String> END_TO_END_SCENARIOS = List.of("fork-snapshot", "copy-on-read");
    /** struct page's bytes as a share of memory, in % (64 B per 4 KiB frame). */
    static final double STRUCT_PAGE_SHARE = 100.0 * Frames.STRUCT_PAGE_BYTES / Frames.PAGE_SIZE;

    private final Results results;
    private final List<ResultRow> micro;

    private Targets(Results results) {
        this.results = results;
        this.micro = results.rows(r -> r.section().equals("micro") && r.metric().equals("time")
                && r.param("threads", "1").equals("1") && r.param("utilisation", "medium").equals("medium")
                && r.param("sharing", "disjoint").equals("disjoint"));
    }

    /** Every target line, computed from {@code results}' measured rows (rows of section {@value #SECTION} are ignored). */
    public static List<TargetLine> of(Results results) {
        return new Targets(results).lines();
    }

    /** Adds the target lines to {@code results} as rows of section {@value #SECTION}, unless it already holds some. */
    public static void addRows(Results results) {
        if (!results.section(SECTION).isEmpty()) {
            return;
        }
        of(results).forEach(l -> results.add(l.toRow()));
    }

    /** The lines as console text, one per target. */
    public static String text(List<TargetLine> lines) {
        StringBuilder b = new StringBuilder("Targets (95% intervals; met or not met only when the whole interval is on one side):\n");
        lines.forEach(l -> b.append("  ").append(l.text()).append('\n'));
        return b.toString();
    }

    private List<TargetLine> lines() {
        List<TargetLine> out = new ArrayList<>();
        out.add(speedup("compact-vs-rhashtable-getHit", "compact vs rhashtable: get (hit) ≥ 3× faster",
                "compact", List.of("rhashtable"), "getHit", "getHit", "uniform", "quiet", 3));
        out.add(speedup("compact-vs-rhashtable-getMiss", "compact vs rhashtable: get (miss) ≥ 3× faster",
                "compact", List.of("rhashtable"), "getMiss", "getMiss", "uniform", "quiet", 3));
        // Every call of insert+remove inserts (1 -> 2) or unlinks (2 -> 1), which both variants do
        // under the bucket lock; the lockless one looks the frame up first (rhashtable_lookup_fast
        // before rhashtable_lookup_get_insert_fast), the locked one only once, so it can be the
        // faster anchor here: the faster of the two is the one the target divides by.
        out.add(speedup("compact-vs-rhashtable-insertRemove", "compact vs rhashtable: increment + decrement ≥ 3× faster",
                "compact", List.of("rhashtable", "rhashtable-locked"), "insertRemove", "insertRemove", "uniform", "quiet", 3));
        out.add(speedup("compact-vs-rhashtable-resizing", "compact vs rhashtable: increment + decrement during a resize ≥ 5× faster",
                "compact", List.of("rhashtable"), "resizeInsertRemove", "resizeInsertRemove", "uniform", "resizing", 5));
        out.add(speedup("compact-vs-peer-getHit", "compact vs the fastest Java peer: get (hit) ≥ 1.2× faster",
                "compact", PEERS, "getHit", "getHit", "uniform", "quiet", 1.2));
        out.add(speedup("compact-vs-peer-getMiss", "compact vs the fastest Java peer: get (miss) ≥ 1.2× faster",
                "compact", PEERS, "getMiss", "getMiss", "uniform", "quiet", 1.2));
        // The same hits one at a time (each frame chosen once the previous get returned its
        // count): the latency of the page-fault path, where the lines above measure throughput.
        out.add(speedup("compact-vs-rhashtable-getHitLatency",
                "compact vs rhashtable: get (hit), one dependent lookup at a time, ≥ 3× faster",
                "compact", List.of("rhashtable"), "getHitLatency", "getHitLatency", "uniform", "quiet", 3));
        out.add(speedup("compact-vs-peer-getHitLatency",
                "compact vs the fastest Java peer: get (hit), one dependent lookup at a time, ≥ 1.2× faster",
                "compact", PEERS, "getHitLatency", "getHitLatency", "uniform", "quiet", 1.2));
        out.add(speedup("compact-batch-get-vs-rhashtable-getHit",
                "compact: get (hit) as a batch of 512 ≥ 5× faster per frame than single gets on rhashtable",
                "compact", List.of("rhashtable"), "getHitBatch", "getHit", "uniform", "quiet", 5));
        out.add(bytes("compact-bytes", "compact: modeled bytes per counted frame ≤ 12", "compact", 12));
        out.add(bytes("clustered-bytes", "clustered: modeled bytes per counted frame ≤ 4", "clustered", 4));
        out.add(densityBytes("clustered-density-bytes",
                "clustered: modeled bytes per counted frame ≤ 10 at every density (1 to 512 counted frames per 2 MiB area)",
                "clustered", 10));
        for (String t : List.of("compact", "clustered")) {
            out.add(speedup(t + "-batch-vs-rhashtable-single", t + ": page-table copy as a batch ≥ 4× faster than 512 single calls on rhashtable",
                    t, List.of("rhashtable"), "pageTableBatch", "pageTableSingle", "clustered", "quiet", 4));
            out.add(speedup(t + "-batch-vs-own-single", t + ": page-table copy as a batch ≥ 2× faster than 512 single calls on " + t,
                    t, List.of(t), "pageTableBatch", "pageTableSingle", "clustered", "quiet", 2));
        }
        for (String scenario : END_TO_END_SCENARIOS) {
            out.addAll(endToEnd(scenario));
        }
        return out;
    }

    // ---- micro: speed ratios ----

    /**
     * {@code subject}'s {@code subjectBench} against the fastest of {@code references}' {@code referenceBench}, at
     * 2^22 when both ran it there, else at the largest size both ran. measured = reference ÷ subject.
     */
    private TargetLine speedup(String id, String target, String subject, List<String> references, String subjectBench,
                               String referenceBench, String keys, String phase, double threshold) {
        TreeMap<Integer, ResultRow> mine = bySize(subject, subjectBench, keys, phase);
        Map<String, TreeMap<Integer, ResultRow>> theirs = new LinkedHashMap<>();
        for (String r : references) {
            theirs.put(r, bySize(r, referenceBench, keys, phase));
        }
        TreeSet<Integer> common = new TreeSet<>();
        for (TreeMap<Integer, ResultRow> m : theirs.values()) {
            m.keySet().stream().filter(mine::containsKey).forEach(common::add);
        }
        String refName = String.join(" or ", references);
        String unit = subjectBench.startsWith("pageTable") ? "ns/pt" : "ns/op";
        String whatS = subjectBench.equals(referenceBench) ? "" : subjectBench;
        String whatR = subjectBench.equals(referenceBench) ? "" : referenceBench;
        if (common.isEmpty()) {
            String config = microConfig(subjectBench, referenceBench, TARGET_LOG2_SIZE, keys, phase);
            List<String> missing = new ArrayList<>();
            if (mine.isEmpty()) {
                missing.add(subject + " " + subjectBench);
            }
            theirs.forEach((r, m) -> {
                if (m.isEmpty()) {
                    missing.add(r + " " + referenceBench);
                }
            });
            String note = missing.isEmpty() ? "no size at which both sides ran"
                    : "no rows of " + String.join(", ", missing) + " in this configuration";
            return new TargetLine(id, target, config, subject, whatS, Double.NaN, refName, whatR, Double.NaN, unit, Interval.NONE, "×",
                    new Threshold(Bound.AT_LEAST, threshold), note);
        }
        int size = common.contains(TARGET_LOG2_SIZE) ? TARGET_LOG2_SIZE : common.last();
        ResultRow s = mine.get(size);
        String fastest = null;
        ResultRow f = null;
        for (Map.Entry<String, TreeMap<Integer, ResultRow>> e : theirs.entrySet()) {
            ResultRow r = e.getValue().get(size);
            if (r != null && (f == null || r.value() < f.value())) {
                fastest = e.getKey();
                f = r;
            }
        }
        List<String> notes = new ArrayList<>();
        if (size != TARGET_LOG2_SIZE) {
            notes.add("2^" + TARGET_LOG2_SIZE + " not measured for both: the largest size both ran, 2^" + size + ", used");
        }
        if (references.size() > 1) {
            String of = PEERS.containsAll(references) ? "fastest peer: " : "faster anchor variant: ";
            notes.add(of + fastest + describeOthers(theirs, fastest, size));
        }
        if (phase.equals("resizing")) {
            resizingShare(subject, subjectBench, keys, size).ifPresent(v -> notes.add(String.format(java.util.Locale.ROOT,
                    "calls that saw a resize: %s %.0f%%", subject, v)));
            String ref = fastest;
            resizingShare(ref, referenceBench, keys, size).ifPresent(v -> notes.add(String.format(java.util.Locale.ROOT,
                    "%s %.0f%%", ref, v)));
        }
        Interval ratio = RowRatios.of(f, s);
        return new TargetLine(id, target, microConfig(subjectBench, referenceBench, size, keys, phase), subject, whatS, s.value(),
                fastest, whatR, f.value(), s.unit(), ratio, "×", new Threshold(Bound.AT_LEAST, threshold), String.join(". ", notes),
                TargetLine.Rerun.micro(subjectBench, subject, referenceBench, fastest, size, keys, phase));
    }

    private static String describeOthers(Map<String, TreeMap<Integer, ResultRow>> theirs, String fastest, int size) {
        StringBuilder b = new StringBuilder();
        theirs.forEach((t, m) -> {
            if (!t.equals(fastest)) {
                ResultRow r = m.get(size);
                b.append(" (").append(t).append(": ").append(r == null ? "not measured" : Html.num(r.value()) + " " + r.unit()).append(")");
            }
        });
        return b.toString();
    }

    /** 1-thread medium-utilisation disjoint rows of {@code table}'s {@code bench}, by log2 size. */
    private TreeMap<Integer, ResultRow> bySize(String table, String bench, String keys, String phase) {
        TreeMap<Integer, ResultRow> m = new TreeMap<>();
        for (ResultRow r : micro) {
            if (r.table().equals(table) && r.benchmark().equals(bench) && r.param("keys", "").equals(keys)
                    && r.param("phase", "quiet").equals(phase) && Double.isFinite(r.value())) {
                try {
                    m.put(Integer.parseInt(r.param("log2Size", "")), r);
                } catch (NumberFormatException e) {
                    // a row without a size cannot be placed; it is not the configuration of any target
                }
            }
        }
        return m;
    }

    private Optional<Double> resizingShare(String table, String bench, String keys, int size) {
        return results.rows(r -> r.section().equals("micro") && r.metric().equals("resizingShare") && r.table().equals(table)
                        && r.benchmark().equals(bench) && r.param("keys", "").equals(keys) && r.param("phase", "").equals("resizing")
                        && r.param("threads", "1").equals("1") && r.param("log2Size", "").equals(Integer.toString(size)))
                .stream().map(ResultRow::value).findFirst();
    }

    private static String microConfig(String subjectBench, String referenceBench, int size, String keys, String phase) {
        String bench = subjectBench.equals(referenceBench) ? subjectBench : subjectBench + " vs " + referenceBench;
        String what = subjectBench.startsWith("pageTable")
                ? " (per page table: 512 increments, then a teardown of 512 decrements)" : "";
        return bench + what + ", 2^" + size + " counted frames, " + keys + " keys, 1 thread, medium utilisation"
                + (phase.equals("quiet") ? "" : ", " + phase);
    }

    // ---- bytes per counted frame ----

    /**
     * Modeled bytes per counted frame of {@code table}: from a static replay of a capture when the run holds one (the
     * target's configuration), else from the footprint part's random frames (a stand-in, said in the line). rhashtable's
     * figure from the same source is given beside it.
     */
    private TargetLine bytes(String id, String target, String table, double threshold) {
        Optional<ResultRow> replay = first("replay-static", table, "modeledBytesPerCounted");
        String config;
        String note = "";
        ResultRow mine;
        Optional<ResultRow> anchor;
        if (replay.isPresent()) {
            mine = replay.get();
            config = "static replay of capture " + mine.param("capture", "?") + ", " + mine.param("counted", "?") + " counted frames";
            anchor = smallestAnchor("replay-static", "modeledBytesPerCounted")
                    .filter(r -> r.param("capture", "").equals(replay.get().param("capture", "")));
        } else {
            Optional<ResultRow> fill = first("footprint", table, "modeledBytesPerEntry");
            if (fill.isEmpty()) {
                return new TargetLine(id, target, "the sample capture (static replay) or the footprint part", table, "", Double.NaN,
                        "rhashtable", "", Double.NaN, "B", Interval.NONE, "B", new Threshold(Bound.AT_MOST, threshold),
                        "no footprint or replay-static rows of " + table);
            }
            mine = fill.get();
            config = "footprint part: " + mine.param("counted", "?") + " random counted frames in a memory of "
                    + mine.param("memoryFrames", "?") + " frames";
            note = "a stand-in: the target is stated on the shipped sample capture, which this run did not replay";
            anchor = smallestAnchor("footprint", "modeledBytesPerEntry");
        }
        return new TargetLine(id, target, config, table, "", mine.value(), anchor.map(ResultRow::table).orElse("rhashtable"),
                "(for comparison)", anchor.map(ResultRow::value).orElse(Double.NaN), "B", TargetLine.exact(mine.value()), "B",
                new Threshold(Bound.AT_MOST, threshold), note);
    }

    /** The largest modeled bytes per counted frame of {@code table} over the density survey's densities. */
    private TargetLine densityBytes(String id, String target, String table, double threshold) {
        List<ResultRow> rows = results.rows(r -> r.section().equals(DensityWinners.SECTION) && r.table().equals(table)
                && r.metric().equals(DensityWinners.METRIC) && Double.isFinite(r.value()));
        if (rows.isEmpty()) {
            return new TargetLine(id, target, "the density survey of the footprint part", table, "", Double.NaN,
                    "rhashtable", "", Double.NaN, "B", Interval.NONE, "B", new Threshold(Bound.AT_MOST, threshold),
                    "no density rows of " + table);
        }
        ResultRow worst = rows.stream().max(Comparator.comparingDouble(ResultRow::value)).orElseThrow();
        Optional<ResultRow> anchor = results.rows(r -> r.section().equals(DensityWinners.SECTION) && r.table().startsWith("rhashtable")
                        && r.metric().equals(DensityWinners.METRIC) && Double.isFinite(r.value())
                        && r.param("framesPerArea", "").equals(worst.param("framesPerArea", "")))
                .stream().min(Comparator.comparingDouble(ResultRow::value));
        String config = "density survey: " + worst.param("counted", "?") + " counted frames, the worst density "
                + worst.param("framesPerArea", "?") + " per 2 MiB area";
        return new TargetLine(id, target, config, table, "", worst.value(), anchor.map(ResultRow::table).orElse("rhashtable"),
                "(for comparison)", anchor.map(ResultRow::value).orElse(Double.NaN), "B", TargetLine.exact(worst.value()), "B",
                new Threshold(Bound.AT_MOST, threshold), "");
    }

    /** The smallest of the rhashtable variants' figures: the anchor of a bytes comparison is its leanest honest layout. */
    private Optional<ResultRow> smallestAnchor(String section, String metric) {
        return results.rows(r -> r.section().equals(section) && r.table().startsWith("rhashtable") && r.metric().equals(metric)
                && Double.isFinite(r.value())).stream().min(Comparator.comparingDouble(ResultRow::value));
    }

    private Optional<ResultRow> first(String section, String table, String metric) {
        return results.rows(r -> r.section().equals(section) && r.table().equals(table) && r.metric().equals(metric)
                && Double.isFinite(r.value())).stream().findFirst();
    }

    // ---- end to end: macro scenarios ----

    /**
     * For each parameter set of {@code scenario}: the best table against dense in median fault time, and its
     * metadata (the largest the scenario sampled) against struct page's bytes for the same memory. The best table is the one with the lowest median fault
     * among those whose metadata is under a tenth of struct page's, or, when none is, the one with the lowest median fault.
     */
    private List<TargetLine> endToEnd(String scenario) {
        String faultTarget = "end to end, " + scenario + ": median fault time of the best table ≤ 1.10× dense's";
        String metaTarget = "end to end, " + scenario + ": the best table's metadata < a tenth of struct page's";
        Map<String, List<ResultRow>> byParams = new LinkedHashMap<>();
        for (ResultRow r : results.rows(r -> r.section().equals(MacroSection.SECTION) && r.benchmark().equals(scenario))) {
            Map<String, String> p = new LinkedHashMap<>(r.params());
            p.remove("quantile");
            byParams.computeIfAbsent(p.toString(), k -> new ArrayList<>()).add(r);
        }
        List<TargetLine> out = new ArrayList<>();
        if (byParams.isEmpty()) {
            String note = "no macro rows of " + scenario;
            out.add(new TargetLine(scenario + "-fault", faultTarget, scenario, "best table", "", Double.NaN, "dense", "", Double.NaN,
                    "ns", Interval.NONE, "×", new Threshold(Bound.AT_MOST, 1.10), note));
            out.add(new TargetLine(scenario + "-metadata", metaTarget, scenario, "best table", "", Double.NaN, "struct page", "",
                    Double.NaN, "B", Interval.NONE, "×", new Threshold(Bound.BELOW, 0.1), note));
            return out;
        }
        for (List<ResultRow> run : byParams.values()) {
            String config = scenario + ", " + MacroSection.describe(run.getFirst().params()) + " — median fault latency";
            String suffix = byParams.size() == 1 ? "" : "-" + (out.size() / 2 + 1);
            double dense = value(run, "dense", "faultLatencyP50");
            List<String> candidates = run.stream().map(ResultRow::table)
                    .filter(t -> !t.startsWith("dense") && Double.isFinite(value(run, t, "faultLatencyP50"))).distinct().toList();
            Comparator<String> byFault = Comparator.comparingDouble(t -> value(run, t, "faultLatencyP50"));
            Optional<String> lean = candidates.stream().filter(t -> metadataRatio(run, t) < 0.1).min(byFault);
            String best = lean.or(() -> candidates.stream().min(byFault)).orElse("");
            List<String> notes = new ArrayList<>();
            if (!Double.isFinite(dense)) {
                notes.add("no dense row with a median fault time");
            }
            if (best.isEmpty()) {
                notes.add("no table beside dense with a median fault time");
            } else {
                notes.add("best table: " + best + (lean.isPresent()
                        ? " (the fastest of the tables whose metadata is under a tenth of struct page's)"
                        : " (no table's metadata is under a tenth of struct page's: the fastest table)"));
            }
            double fault = best.isEmpty() ? Double.NaN : value(run, best, "faultLatencyP50");
            Optional<ResultRow> bestRow = row(run, best, "faultLatencyP50");
            Optional<ResultRow> denseRow = row(run, "dense", "faultLatencyP50");
            Interval faultRatio = bestRow.isPresent() && denseRow.isPresent() ? RowRatios.of(bestRow.get(), denseRow.get()) : Interval.NONE;
            out.add(new TargetLine(scenario + "-fault" + suffix, faultTarget, config, best.isEmpty() ? "best table" : best, "", fault,
                    "dense", "", dense, "ns", faultRatio, "×", new Threshold(Bound.AT_MOST, 1.10), String.join(". ", notes),
                    best.isEmpty() ? TargetLine.Rerun.NONE : TargetLine.Rerun.macro(scenario, List.of(best, "dense"))));

            double metaBytes = best.isEmpty() ? Double.NaN : value(run, best, "metadataBytes");
            double ratio = best.isEmpty() ? Double.NaN : metadataRatio(run, best);
            double structPage = ratio > 0 ? metaBytes / ratio : Double.NaN;
            String metaNote = best.isEmpty() ? "no table beside dense measured"
                    : Double.isFinite(ratio) ? "metadata: the largest modeled bytes the scenario sampled. struct page: 64 B per frame of the simulated memory"
                    : "no metadataShareOfMemory row of " + best;
            out.add(new TargetLine(scenario + "-metadata" + suffix, metaTarget,
                    scenario + ", " + MacroSection.describe(run.getFirst().params()) + " — modeled metadata bytes",
                    best.isEmpty() ? "best table" : best, "", metaBytes, "struct page", "", structPage, "B", TargetLine.exact(ratio), "×",
                    new Threshold(Bound.BELOW, 0.1), metaNote));
        }
        return out;
    }

    /** The table's sampled metadata over struct page's bytes for the same memory (NaN when not recorded). */
    private static double metadataRatio(List<ResultRow> run, String table) {
        return value(run, table, "metadataShareOfMemory") / STRUCT_PAGE_SHARE;
    }

    private static Optional<ResultRow> row(List<ResultRow> run, String table, String metric) {
        return run.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric) && Double.isFinite(r.value())).findFirst();
    }

    private static double value(List<ResultRow> run, String table, String metric) {
        return run.stream().filter(r -> r.table().equals(table) && r.metric().equals(metric))
                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
    }
}
