package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.RowRatios;
import org.cowmeta.lab.stats.HodgesLehmann;
import org.cowmeta.lab.stats.Interval;

/**
 * Two runs compared figure by figure, as Go's benchstat does: for every measured time present in
 * both results (micro times, macro fault and fork latencies: the figures that carry their rounds),
 * the change after ÷ before with its 95% interval (the two-sample Hodges–Lehmann shift of the
 * logs of the rounds: the runs are independent, so rounds are not paired across them), and a
 * verdict. Modeled bytes, being exact, change or do not.
 *
 * <p>Two runs of the same code on a shared machine differ by more than either run's rounds show:
 * the machine's state drifts over minutes (three runs of one commit here moved most figures by
 * 5-15%, the macro part as a whole by -12%), and a run's rounds all share its stretch of time. So
 * a figure is judged against two things besides its interval: the run-wide shift (the median
 * change of all the section's times, what the machine did to everything; reported, and divided
 * out unless {@code absolute}), and a noise floor (default {@value #DEFAULT_NOISE_PERCENT}%):
 * faster or slower only when the whole interval of the shift-corrected change is beyond it.
 * To see smaller changes, measure both versions in one run, where ratios are paired.
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

    /** The default noise floor, in percent: what two runs of one commit differed by here, figure by figure. */
    public static final double DEFAULT_NOISE_PERCENT = 10;

    private final List<Line> lines;
    private final List<String> warnings;
    private final Map<String, Double> shifts;
    private final double noise;
    private final boolean absolute;

    private Comparison(List<Line> lines, List<String> warnings, Map<String, Double> shifts, double noise, boolean absolute) {
        this.lines = lines;
        this.warnings = warnings;
        this.shifts = shifts;
        this.noise = noise;
        this.absolute = absolute;
    }

    /** The run-wide shift per section (after ÷ before of the median figure), as measured. */
    public Map<String, Double> shifts() {
        return shifts;
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
        return of(before, after, DEFAULT_NOISE_PERCENT / 100, false);
    }

    /**
     * @param noise    the noise floor as a fraction (0.10: a change must be beyond ±10%)
     * @param absolute judge raw changes, without dividing out the run-wide shift
     */
    public static Comparison of(Results before, Results after, double noise, boolean absolute) {
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
        // The run-wide shift of each section's times: the median of their changes.
        Map<String, List<Double>> logs = new LinkedHashMap<>();
        a.forEach((key, ra) -> {
            ResultRow rb = b.get(key);
            if (rb != null && TIMES.contains(ra.metric())) {
                logs.computeIfAbsent(ra.section(), k -> new ArrayList<>()).add(Math.log(rb.value() / ra.value()));
            }
        });
        Map<String, Double> shifts = new LinkedHashMap<>();
        logs.forEach((section, l) -> {
            double[] v = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            shifts.put(section, Math.exp(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2));
        });
        List<Line> lines = new ArrayList<>();
        a.forEach((key, ra) -> {
            ResultRow rb = b.get(key);
            if (rb != null) {
                double shift = absolute ? 1 : shifts.getOrDefault(ra.section(), 1.0);
                lines.add(line(key, ra, rb, shift, noise));
            }
        });
        return new Comparison(lines, warnings, shifts, noise, absolute);
    }

    private static Line line(String figure, ResultRow a, ResultRow b, double shift, double noise) {
        if (EXACT.contains(a.metric())) {
            double r = b.value() / a.value();
            Change c = Math.abs(r - 1) < 1e-9 ? Change.SAME : r < 1 ? Change.SMALLER : Change.LARGER;
            return new Line(figure, a.unit(), a.value(), b.value(), new Interval(r, r, r, 1, 1), c);
        }
        Interval raw = a.samples().isEmpty() || b.samples().isEmpty()
                ? new Interval(b.value() / a.value(), Double.NaN, Double.NaN, Double.NaN, 1)
                : HodgesLehmann.ratio(a.sampleArray(), b.sampleArray(), RowRatios.LEVEL);
        Interval r = new Interval(raw.estimate() / shift, raw.low() / shift, raw.high() / shift, raw.confidence(), raw.n());
        Change c = !r.isFinite() ? Change.SAME : r.high() < 1 / (1 + noise) ? Change.FASTER
                : r.low() > 1 + noise ? Change.SLOWER : Change.SAME;
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

    /** The lines that got slower with their whole interval beyond {@code threshold} (0.05: 5%) and the noise floor. */
    public List<Line> regressions(double threshold) {
        return lines.stream().filter(l -> l.change() == Change.SLOWER && l.ratio().low() > 1 + threshold).toList();
    }

    /** A plain-text table: the changed figures first, then how many did not change. */
    public String text() {
        StringBuilder b = new StringBuilder();
        warnings.forEach(w -> b.append("warning: ").append(w).append('\n'));
        shifts.forEach((section, f) -> b.append(String.format(Locale.ROOT, "%s: the run-wide shift (median change of its times) is %+.1f%%%s%n",
                section, 100 * (f - 1), absolute ? "" : "; the changes below are relative to it")));
        b.append(String.format(Locale.ROOT, "A figure is faster or slower only when its whole 95%% interval is beyond the noise floor "
                + "of ±%.0f%% (two runs of one commit differ by about that much on a shared machine).%n", 100 * noise));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("figure", "before", "after", absolute ? "change [95% interval]" : "change, shift-corrected [95% interval]",
                "verdict"));
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
