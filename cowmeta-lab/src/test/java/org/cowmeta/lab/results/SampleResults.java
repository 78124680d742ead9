package org.cowmeta.lab.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** A small but complete results set (every section the report draws) for the report's tests and the round trip of ResultsIO. */
public final class SampleResults {
    private SampleResults() {}

    public static Results make(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Results r = new Results();
        r.run("command", "./cowmeta evaluate --profile quick").run("profile", "quick").run("startedAt", "2026-11-24T05:00:00Z");
        r.machine(Map.of("cores", "2", "cpu", "Test CPU <&>")).jvm(Map.of("version", "25"));
        r.note("A note with <markup> that must be escaped.");
        r.add(ResultRow.of("probe", "", "dramLoad", Map.of("bufferMiB", "256", "rounds", "5"), "latency", 150, "ns").withSpread(Double.NaN, 140, 170));
        r.add(ResultRow.of("probe", "", "streamRead", Map.of("bufferMiB", "256", "rounds", "5"), "bandwidth", 9.5, "GiB/s"));
        String[] tables = {"dense", "rhashtable", "ours"};
        for (int ti = 0; ti < tables.length; ti++) {
            String t = tables[ti];
            double f = 1 + ti * 0.7;
            for (int size : new int[] {16, 20}) {
                for (String bench : new String[] {"getHit", "getMiss", "insertRemove"}) {
                    r.add(micro(t, bench, size, "uniform", 1, "disjoint", "quiet", f * (20 + size + rnd.nextDouble(5)), "ns/op"));
                }
            }
            r.add(micro(t, "mixUpdateHeavy", 20, "uniform", 1, "disjoint", "quiet", f * 40, "ns/op"));
            r.add(micro(t, "mixUpdateHeavy", 20, "uniform", 2, "shared", "quiet", f * 60, "ns/op"));
            r.add(micro(t, "pageTableBatch", 20, "clustered", 1, "disjoint", "quiet", f * 20000, "ns/pt"));
            r.add(micro(t, "pageTableSingle", 20, "clustered", 1, "disjoint", "quiet", f * 26000, "ns/pt"));
            if (!t.equals("dense")) {
                r.add(micro(t, "resizeInsertRemove", 16, "uniform", 1, "disjoint", "quiet", f * 50, "ns/op"));
                r.add(micro(t, "resizeInsertRemove", 16, "uniform", 1, "disjoint", "resizing", f * 80, "ns/op"));
            }
            Map<String, String> fp = Map.of("counted", "131072", "memoryFrames", "4194304");
            r.add(ResultRow.of("footprint", t, "fill", fp, "modeledBytesPerEntry", 30 / f, "B"));
            r.add(ResultRow.of("footprint", t, "fill", fp, "jvmBytesPerEntry", 40 / f, "B"));
            r.add(ResultRow.of("footprint", t, "fill", fp, "modeledShareOfMemory", 0.02 * f, "%"));
        }
        r.add(ResultRow.of("someone-else", "dense", "thing", Map.of(), "count", 3, "items"));
        return r;
    }

    private static ResultRow micro(String table, String bench, int size, String keys, int threads, String sharing,
                                   String phase, double ns, String unit) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("counted", "2^" + size);
        p.put("log2Size", Integer.toString(size));
        p.put("utilisation", "medium");
        p.put("keys", keys);
        p.put("threads", Integer.toString(threads));
        p.put("sharing", sharing);
        p.put("phase", phase);
        p.put("load", "0.500");
        return new ResultRow("micro", table, bench, p, "time", ns, unit, ns * 0.05, ns * 0.9, ns * 1.2, 3, 2);
    }
}
