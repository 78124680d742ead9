package org.cowmeta.lab.micro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cowmeta.tables.RefCountTable;

/**
 * The populated table of a benchmark worker ({@link ForkWorker}), filled once when the worker
 * starts and used by every benchmark the worker then runs, so that a round pays one JVM start and
 * one fill per table rather than one per benchmark. Each benchmark leaves the table as it found
 * it (its windows are drained at its end, {@link TableBench}), so the next one measures the same
 * table. Outside a worker (JMH run on its own) nothing is shared and each trial fills its own.
 */
final class SharedTables {
    /** A workload with its table, filled. */
    record Filled(Workload workload, RefCountTable table) {}

    private static final Map<String, Filled> FILLED = new ConcurrentHashMap<>();

    private SharedTables() {}

    static String key(String table, int log2Size, String utilisation, String keys, long seed) {
        return table + "/" + log2Size + "/" + utilisation + "/" + keys + "/" + seed;
    }

    /** Builds and fills the table of {@code key}'s parameters now (the worker does this before it is ready). */
    static Filled fill(String table, int log2Size, String utilisation, String keys, long seed) {
        Workload w = Workload.build(log2Size, Workload.Utilisation.parse(utilisation), Workload.Keys.parse(keys), seed);
        Filled f = new Filled(w, w.populate(table));
        FILLED.put(key(table, log2Size, utilisation, keys, seed), f);
        return f;
    }

    /** The shared filled table of these parameters, or null when there is none (not in a worker). */
    static Filled get(String table, int log2Size, String utilisation, String keys, long seed) {
        return FILLED.get(key(table, log2Size, utilisation, keys, seed));
    }

    /** Closes every shared table (the worker's last act). */
    static void closeAll() {
        FILLED.values().forEach(f -> f.table().close());
        FILLED.clear();
    }
}
