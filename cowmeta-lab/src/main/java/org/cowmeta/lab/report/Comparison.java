package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cowmeta.lab.stats.HodgesLehmann;
import org.cowmeta.lab.stats.Interval;

/**
 * Two runs compared figure by figure, as Go's benchstat does: for every measured time present in
 * both results (micro times, macro fault and fork latencies: the figures that carry their rounds),
 * the change after ÷ before with its 95% interval (the two-sample Hodges–Lehmann shift of the
 * logs of the rounds: the runs are independent, so rounds are not paired across them), and a
 * verdict: faster or slower when the whole interval is on one side of 1, no change at this
 * precision otherwise. Modeled bytes, being exact, change or do not.
 */
public final class Comparison {
    /** The verdict of one figure. */
    public enum Change {
        FASTER("faster"), SLOWER("slower"), SAME("no change"), SMALLER("smaller"), LARGER("larger");

        public final String text;

        Change(String text) {
            this.text = text;
        }
    }

    /** One figure of both runs: what it is, the two values, after ÷ before with its interval, and the verdict. */
    public record Line(String figure, String unit, double before, double after, Interval ratio, Change change) {
        /** "+12.3% [+8.1%, +16.0%]". */
        public String changeText() {
            if (!Double.isFinite(ratio.estimate())) {
                return "–";
            }
            String e = pct(ratio.estimate());
            return ratio.isFinite() && ratio.high() > ratio.low() ? e + " [" + pct(ratio.low()) + ", " + pct(ratio.high()) + "]" : e;
        }

        private static String pct(double r) {
            return String.format(Locale.ROOT, "%+.1f%%", 100 * (r - 1));
        }
    }

    private final List<Line> lines;
    private final List<String> warnings;

    private Comparison(List<Line> lines, List<String> warnings) {
        this.lines = lines;
        this.warnings = warnings;
    }

    public List<Line> lines() {
        return lines;
    }

    /** Why the two runs may not be comparable (other machine, other profile); empty when they are. */
    public List<String> warnings() {
        return warnings;
    }

    /** Metrics compared, with the direction of better: times are better lower. */
    private static final Set<String> TIMES = Set.of("time", "faultLatencyP50", "faultLatencyP90", "faultLatencyP99",
            "forkLatencyP50", "exitLatencyP50", "copyMorselLatencyP50", "transferLatencyP50");
    private static final Set<String> EXACT = Set.of("modeledBytesPerEntry", "modeledBytesPerCounted");

    public static Comparison of(Results before, Results after) {
        List<String> warnings = new ArrayList<>();
        for (String fact : List.of("cpu", "cores", "memory")) {
            String a = before.machine().getOrDefault(fact, "?");
            String b = after.machine().getOrDefault(fact, "?");
            if (!a.equals(b)) {
                warnings.add("the runs were made on different machines (" + fact + ": " + a + " and " + b
                        + "): a change may be the machine's, not the code's");
            }
        }
        String pa = before.run().getOrDefault("profile", "?");
        String pb = after.run().getOrDefault("profile", "?");
        if (!pa.equals(pb)) {
            warnings.add("the runs used different profiles (" + pa + " and " + pb + "): their rounds and iterations differ");
        }
        Map<String, ResultRow> a = index(before);
        Map<String, ResultRow> b = index(after);
        List<Line> lines = new ArrayList<>();
        a.forEach((key, ra) -> {
            ResultRow rb = b.get(key);
            if (rb != null) {
                lines.add(line(key, ra, rb));
            }
        });
        return new Comparison(lines, warnings);
    }

    private static Line line(String figure, ResultRow a, ResultRow b) {
        if (EXACT.contains(a.metric())) {
            double r = b.value() / a.value();
            Change c = Math.abs(r - 1) < 1e-9 ? Change.SAME : r < 1 ? Change.SMALLER : Change.LARGER;
            return new Line(figure, a.unit(), a.value(), b.value(), new Interval(r, r, r, 1, 1), c);
        }
        Interval r = a.samples().isEmpty() || b.samples().isEmpty()
                ? new Interval(b.value() / a.value(), Double.NaN, Double.NaN, Double.NaN, 1)
                : HodgesLehmann.ratio(a.sampleArray(), b.sampleArray(), RowRatios.LEVEL);
        Change c = !r.isFinite() ? Change.SAME : r.high() < 1 ? Change.FASTER : r.low() > 1 ? Change.SLOWER : Change.SAME;
        return new Line(figure, a.unit(), a.value(), b.value(), r, c);
    }

    /** The figures that can be compared, by a key naming them: section, table, benchmark, parameters, metric. */
    private static Map<String, ResultRow> index(Results r) {
        Map<String, ResultRow> out = new LinkedHashMap<>();
        for (ResultRow row : r.rows()) {
            boolean time = TIMES.contains(row.metric()) && (row.section().equals("micro") || row.section().equals("macro"));
            boolean exact = EXACT.contains(row.metric());
            if ((time || exact) && Double.isFinite(row.value()) && row.value() > 0) {
                out.putIfAbsent(key(row), row);
            }
        }
        return out;
    }

    static String key(ResultRow r) {
        TreeMap<String, String> p = new TreeMap<>(r.params());
        p.remove("load"); // measured, not chosen
        StringBuilder b = new StringBuilder(r.section()).append(' ').append(r.table()).append(' ').append(r.benchmark());
        p.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.append(' ').append(r.metric()).toString();
    }

    /** The lines that got slower with their whole interval beyond {@code threshold} (0.05: 5%). */
    public List<Line> regressions(double threshold) {
        return lines.stream().filter(l -> l.change() == Change.SLOWER && l.ratio().low() > 1 + threshold).toList();
    }

    /** A plain-text table: the changed figures first, then how many did not change. */
    public String text() {
        StringBuilder b = new StringBuilder();
        warnings.forEach(w -> b.append("warning: ").append(w).append('\n'));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("figure", "before", "after", "change [95% interval]", "verdict"));
        List<Line> shown = new ArrayList<>(lines.stream().filter(l -> l.change() != Change.SAME).toList());
        shown.addAll(lines.stream().filter(l -> l.change() == Change.SAME).toList());
        for (Line l : shown) {
            rows.add(List.of(l.figure(), Html.num(l.before()) + " " + l.unit(), Html.num(l.after()) + " " + l.unit(), l.changeText(),
                    l.change().text));
        }
        int[] w = new int[5];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                b.append(i == 0 ? String.format("%-" + w[i] + "s", r.get(i)) : String.format("%" + w[i] + "s", r.get(i)));
                b.append(i + 1 < r.size() ? "  " : "\n");
            }
        }
        long changed = lines.stream().filter(l -> l.change() != Change.SAME).count();
        b.append(lines.size()).append(" figures in both runs: ").append(changed).append(" changed beyond their intervals, ")
                .append(lines.size() - changed).append(" no change at this precision.\n");
        return b.toString();
    }
}
