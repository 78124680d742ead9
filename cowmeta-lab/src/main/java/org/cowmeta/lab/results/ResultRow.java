package org.cowmeta.lab.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured figure: which producer made it ({@code section}: "probe", "micro", "footprint",
 * "macro", "replay", ...), for which table (empty when none), of what ({@code benchmark} and its
 * {@code params}), which {@code metric} ("time", "p99", "bytesPerEntry", ...), the {@code value}
 * in {@code unit}, its uncertainty ({@code error}: JMH's 99.9% confidence half-width or NaN;
 * {@code low}/{@code high}: the smallest and largest repetition, or for a ratio its confidence
 * interval; NaN when there is none), the deterministic cost per operation ({@code costLines}:
 * cache lines touched, {@code costLoads}: dependent loads; NaN when not traced), and the figure of
 * each measured round in round order ({@code samples}, NaN for a round that did not measure it;
 * empty for a figure that is not repeated), from which ratios between tables of the same run are
 * paired round by round.
 */
public record ResultRow(String section, String table, String benchmark, Map<String, String> params,
                        String metric, double value, String unit, double error, double low, double high,
                        double costLines, double costLoads, List<Double> samples) {

    public ResultRow {
        table = table == null ? "" : table;
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
        samples = samples == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(samples));
    }

    /** A figure measured once (no rounds). */
    public ResultRow(String section, String table, String benchmark, Map<String, String> params,
                     String metric, double value, String unit, double error, double low, double high,
                     double costLines, double costLoads) {
        this(section, table, benchmark, params, metric, value, unit, error, low, high, costLines, costLoads, List.of());
    }

    /** A figure without uncertainty or cost. */
    public static ResultRow of(String section, String table, String benchmark, Map<String, String> params,
                               String metric, double value, String unit) {
        return new ResultRow(section, table, benchmark, params, metric, value, unit,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public ResultRow withSpread(double error, double low, double high) {
        return new ResultRow(section, table, benchmark, params, metric, value, unit, error, low, high, costLines, costLoads, samples);
    }

    public ResultRow withCost(double lines, double loads) {
        return new ResultRow(section, table, benchmark, params, metric, value, unit, error, low, high, lines, loads, samples);
    }

    /** The same figure with its per-round values. */
    public ResultRow withSamples(List<Double> perRound) {
        return new ResultRow(section, table, benchmark, params, metric, value, unit, error, low, high, costLines, costLoads, perRound);
    }

    /** The per-round values as an array (NaN where a round did not measure it). */
    public double[] sampleArray() {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The parameter {@code key}, or {@code fallback}. */
    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    /** Whether every given key=value pair is among the params. */
    public boolean hasParams(Map<String, String> wanted) {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(params.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the value is a time per operation in nanoseconds (so it can be put in DRAM-load units). */
    public boolean isNanosPerOp() {
        return unit.equals("ns/op") || unit.equals("ns");
    }
}
