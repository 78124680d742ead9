package org.cowmeta.lab.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cowmeta.lab.results.ResultRow;

/**
 * Chooses a default from a sweep's rows, by a rule stated in one place so that the report, the
 * log and a person re-reading results.json all get the same answer:
 * <ol>
 *   <li>a value at which the pre-sized table still resized is out: the table cannot be held there;</li>
 *   <li>the time of a value is the sum of its median get hit, get miss, increment+decrement and
 *       insert+remove times; a value is <i>eligible</i> if that is within {@value #TIME_TOLERANCE_PERCENT}%
 *       of the fastest value's (closer than that is within the noise of a shared machine);</li>
 *   <li>among the eligible, the fewest modeled bytes per counted frame wins; values within
 *       {@value #BYTES_TIE_PERCENT}% of those bytes tie;</li>
 *   <li>a tie goes to the fewest cache lines per operation (the deterministic cost, summed over
 *       the four operations; within 1% ties), then to the current default, then to the fastest.</li>
 * </ol>
 * Works on rows only ({@link TuningSweep#SECTION}), so old results re-render with the same choice.
 */
public final class TuningChoice {
    static final int TIME_TOLERANCE_PERCENT = 10;
    static final int BYTES_TIE_PERCENT = 1;

    /** One value's figures: summed median time (ns), modeled bytes per counted frame, summed cache lines per operation. */
    public record Candidate(String value, double x, double time, double bytes, double lines) {}

    /** The chosen value, the current default, and every candidate considered (values where the table resized are not). */
    public record Choice(String table, String option, String chosen, String currentDefault, List<Candidate> candidates) {
        public boolean changesDefault() {
            return !chosen.equals(currentDefault);
        }

        public Candidate candidate(String value) {
            return candidates.stream().filter(c -> c.value().equals(value)).findFirst().orElseThrow();
        }
    }

    private TuningChoice() {}

    /** The (table, option) pairs present in {@code rows}, in order of appearance. */
    public static List<List<String>> swept(List<ResultRow> rows) {
        Set<List<String>> pairs = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            if (r.section().equals(TuningSweep.SECTION) && r.params().containsKey("option")) {
                pairs.add(List.of(r.table(), r.param("option", "")));
            }
        }
        return new ArrayList<>(pairs);
    }

    /** The choice for {@code option} of {@code table}, or empty if no value has all its figures. */
    public static Optional<Choice> choose(List<ResultRow> rows, String table, String option) {
        List<ResultRow> mine = rows.stream().filter(r -> r.section().equals(TuningSweep.SECTION) && r.table().equals(table)
                && r.param("option", "").equals(option)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        String currentDefault = mine.getFirst().param("default", "");
        List<Candidate> cands = new ArrayList<>();
        for (String v : mine.stream().map(r -> r.param("value", "")).distinct().toList()) {
            double time = 0;
            double lines = 0;
            for (String op : TuningSweep.OPERATIONS) {
                ResultRow t = find(mine, v, op, "time");
                time += t == null ? Double.NaN : t.value();
                lines += t == null ? Double.NaN : t.costLines();
            }
            ResultRow grown = find(mine, v, "fill", "resizes");
            if (grown != null && grown.value() > 0) {
                continue;
            }
            ResultRow b = find(mine, v, "fill", "modeledBytesPerEntry");
            Candidate c = new Candidate(v, parse(v), time, b == null ? Double.NaN : b.value(), lines);
            if (Double.isFinite(c.time()) && Double.isFinite(c.bytes())) {
                cands.add(c);
            }
        }
        if (cands.isEmpty()) {
            return Optional.empty();
        }
        cands.sort(Comparator.comparingDouble(Candidate::x));
        double fastest = cands.stream().mapToDouble(Candidate::time).min().orElseThrow();
        List<Candidate> eligible = cands.stream().filter(c -> c.time() <= fastest * (1 + TIME_TOLERANCE_PERCENT / 100.0)).toList();
        double fewestBytes = eligible.stream().mapToDouble(Candidate::bytes).min().orElseThrow();
        List<Candidate> tied = eligible.stream().filter(c -> c.bytes() <= fewestBytes * (1 + BYTES_TIE_PERCENT / 100.0)).toList();
        double fewestLines = tied.stream().mapToDouble(c -> Double.isFinite(c.lines()) ? c.lines() : Double.MAX_VALUE).min().orElseThrow();
        List<Candidate> leanest = tied.stream().filter(c -> !Double.isFinite(c.lines()) || c.lines() <= fewestLines * 1.01).toList();
        Candidate pick = leanest.stream().filter(c -> c.value().equals(currentDefault)).findFirst()
                .orElseGet(() -> leanest.stream().min(Comparator.comparingDouble(Candidate::time)).orElseThrow());
        return Optional.of(new Choice(table, option, pick.value(), currentDefault, List.copyOf(cands)));
    }

    private static ResultRow find(List<ResultRow> rows, String value, String benchmark, String metric) {
        return rows.stream().filter(r -> r.param("value", "").equals(value) && r.benchmark().equals(benchmark)
                && r.metric().equals(metric)).findFirst().orElse(null);
    }

    private static double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
