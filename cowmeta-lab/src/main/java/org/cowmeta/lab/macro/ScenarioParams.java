package org.cowmeta.lab.macro;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The knobs of a macro scenario: simulated memory the process maps (MiB), the fraction of its
 * pages written after sharing, the access pattern (uniform, zipf, sequential), threads, children
 * (forked processes), the fork strategy (morsel, linux, odf), and rounds (repetitions inside one
 * run, e.g. checkpoints or fork-exec cycles).
 */
public record ScenarioParams(long memoryMiB, double writeFraction, String pattern, int threads, int children,
                             String strategy, int rounds) {

    public ScenarioParams {
        if (memoryMiB < 2 || writeFraction < 0 || writeFraction > 1 || threads < 1 || children < 0 || rounds < 1) {
            throw new IllegalArgumentException("impossible scenario parameters: " + this);
        }
        AccessPattern.check(pattern);
    }

    public long pages() {
        return memoryMiB << 8;
    }

    public ScenarioParams withMemoryMiB(long mib) {
        return new ScenarioParams(mib, writeFraction, pattern, threads, children, strategy, rounds);
    }

    public ScenarioParams withStrategy(String s) {
        return new ScenarioParams(memoryMiB, writeFraction, pattern, threads, children, s, rounds);
    }

    public ScenarioParams withPattern(String p) {
        return new ScenarioParams(memoryMiB, writeFraction, p, threads, children, strategy, rounds);
    }

    public ScenarioParams withWriteFraction(double w) {
        return new ScenarioParams(memoryMiB, w, pattern, threads, children, strategy, rounds);
    }

    public ScenarioParams withThreads(int t) {
        return new ScenarioParams(memoryMiB, writeFraction, pattern, t, children, strategy, rounds);
    }

    public Map<String, String> rowParams() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("memoryMiB", Long.toString(memoryMiB));
        m.put("writeFraction", Double.toString(writeFraction));
        m.put("pattern", pattern);
        m.put("threads", Integer.toString(threads));
        m.put("children", Integer.toString(children));
        m.put("strategy", strategy);
        m.put("rounds", Integer.toString(rounds));
        return m;
    }

    @Override
    public String toString() {
        return memoryMiB + " MiB, write " + writeFraction + " " + pattern + ", threads " + threads + ", children "
                + children + ", " + strategy + (rounds > 1 ? ", rounds " + rounds : "");
    }
}
