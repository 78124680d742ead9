package org.cowmeta.lab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/**
 * Which table keeps counted frames in the fewest modeled bytes at each density of the density
 * survey (counted frames per 2 MiB area), condensed into runs of densities with one winner:
 * "compact at 1-8 per area (16.0-16.0 B), clustered at 16-512 (7.03-2.06 B)".
 */
public final class DensityWinners {
    static final String SECTION = "density";
    static final String METRIC = "modeledBytesPerEntry";

    /** One run of neighbouring densities won by one table, with its bytes at both ends. */
    record Run(String table, int fromDensity, int toDensity, double fromBytes, double toBytes) {
        String text() {
            String range = fromDensity == toDensity ? Integer.toString(fromDensity) : fromDensity + "-" + toDensity;
            return String.format(java.util.Locale.ROOT, "%s at %s per area (%.3g-%.3g B)", table, range, fromBytes, toBytes);
        }
    }

    private DensityWinners() {}

    /** The runs, by ascending density; empty when the run has no density rows. */
    static List<Run> of(Results results) {
        TreeMap<Integer, ResultRow> best = new TreeMap<>();
        for (ResultRow r : results.rows(r -> r.section().equals(SECTION) && r.metric().equals(METRIC) && Double.isFinite(r.value()))) {
            best.merge(density(r), r, (a, b) -> Comparator.comparingDouble(ResultRow::value).compare(a, b) <= 0 ? a : b);
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<Integer, ResultRow> e : best.entrySet()) {
            ResultRow w = e.getValue();
            Run last = runs.isEmpty() ? null : runs.getLast();
            if (last != null && last.table().equals(w.table())) {
                runs.set(runs.size() - 1, new Run(last.table(), last.fromDensity(), e.getKey(), last.fromBytes(), w.value()));
            } else {
                runs.add(new Run(w.table(), e.getKey(), e.getKey(), w.value(), w.value()));
            }
        }
        return runs;
    }

    /** The runs as one sentence, or empty. */
    public static String sentence(Results results) {
        List<Run> runs = of(results);
        if (runs.isEmpty()) {
            return "";
        }
        return "Fewest modeled bytes per counted frame by density: " + String.join("; ", runs.stream().map(Run::text).toList()) + ".";
    }

    static int density(ResultRow r) {
        return Integer.parseInt(r.param("framesPerArea", "0"));
    }
}
