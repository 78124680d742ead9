package org.cowmeta.lab.projection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelFigure;
import org.cowmeta.lab.kernel.SimulatedCosts;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.lab.stats.Interval;

/**
 * The calibration as rows of results.json (section {@value #SECTION}): the real kernel's figures
 * (benchmark "real", one set per kernel: this host's and any given with --kernel-costs) and the
 * simulator's on the same protocol (benchmark "simulated", with its table and fork strategy).
 */
public final class KernelRows {
    public static final String SECTION = "kernel";
    /** The role of this host's kernel costs in results.json. */
    public static final String HOST = "this host";

    private KernelRows() {}

    /** The role of costs given with --kernel-costs. */
    public static String given(KernelCosts c) {
        return "given: " + c.machine();
    }

    /** {@code c}'s figures; {@code role} is {@link #HOST} or {@link #given} of a cost file. */
    public static void addReal(ResultSink sink, KernelCosts c, String role) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kernel", role);
        p.put("machine", c.machine());
        p.put("measuredAt", c.measuredAt());
        p.put("mib", Long.toString(c.mib()));
        p.put("rounds", Integer.toString(c.rounds()));
        c.figures().forEach((f, iv) -> sink.add(row("", "real", p, f, iv, c.samplesOf(f))));
    }

    /** The simulator's figures with {@code table}'s counts and the linux fork strategy: per figure the value of every round. */
    public static void addSimulated(ResultSink sink, String table, long mib, int rounds, Map<KernelFigure, List<Double>> sim) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("strategy", "linux");
        p.put("memoryMiB", Long.toString(mib));
        p.put("rounds", Integer.toString(rounds));
        SimulatedCosts.intervals(sim).forEach((f, iv) -> sink.add(row(table, "simulated", p, f, iv, sim.get(f))));
    }

    private static ResultRow row(String table, String benchmark, Map<String, String> p, KernelFigure f, Interval iv, List<Double> samples) {
        return ResultRow.of(SECTION, table, benchmark, p, f.id(), iv.estimate(), f.unit())
                .withSpread(Double.NaN, iv.low(), iv.high()).withSamples(samples);
    }
}
