package org.cowmeta.lab.micro;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JMH run: a {@link TableBench} method with one value for each of its parameters and a
 * thread count. Its parameters are also the row parameters of its results.
 */
public record MicroConfig(String method, String table, int log2Size, String utilisation, String keys,
                          String sharing, String phase, int threads) {

    /** The @Param values of {@link TableBench} (seed is set by the suite). */
    public Map<String, String> jmhParams(long seed) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("log2Size", Integer.toString(log2Size));
        m.put("utilisation", utilisation);
        m.put("keys", keys);
        m.put("sharing", sharing);
        m.put("phase", phase);
        m.put("seed", Long.toString(seed));
        return m;
    }

    /** Parameters as they appear in result rows (no table, no seed). */
    public Map<String, String> rowParams() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("counted", "2^" + log2Size);
        m.put("log2Size", Integer.toString(log2Size));
        m.put("utilisation", utilisation);
        m.put("keys", keys);
        m.put("threads", Integer.toString(threads));
        m.put("sharing", sharing);
        m.put("phase", phase);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The configuration without what the lab compares inside it: the table, a page table as a
     * batch or as single calls, and the same benchmark quiet or during a resize. Runs of one cell
     * are scheduled back to back ({@link RoundSchedule}).
     */
    public String cellKey() {
        String family = method.startsWith("pageTable") ? "pageTable" : method;
        return family + "/" + log2Size + "/" + utilisation + "/" + keys + "/" + sharing + "/" + threads;
    }

    /** Whether the benchmark leaves the table changed (a resize), so no other benchmark may share its worker. */
    public boolean changesTable() {
        return method.startsWith("resize");
    }

    /** The worker (one JVM with one filled table) this configuration runs in within a round ({@link ForkWorker}). */
    public String workerKey() {
        return table + "/" + RoundSchedule.groupKey(this);
    }

    /** The workload this run uses (for tracing costs and the load it reaches). */
    public String workloadKey() {
        return table + "/" + log2Size + "/" + utilisation + "/" + keys;
    }

    @Override
    public String toString() {
        return method + " " + table + " 2^" + log2Size + " " + utilisation + " " + keys
                + " threads=" + threads + (threads > 1 ? " " + sharing : "") + (phase.equals("quiet") ? "" : " " + phase);
    }
}
