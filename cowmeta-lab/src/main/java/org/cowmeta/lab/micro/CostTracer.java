package org.cowmeta.lab.micro;

import java.util.HashMap;
import java.util.Map;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.RefCountTable.Op;

/**
 * The deterministic cost per table call of each micro benchmark, from the table's own
 * {@link AccessTrace}: cache lines touched and dependent loads, averaged over a sample of the
 * benchmark's frames, on the same workload the benchmark fork builds (same seed), computed here
 * in the lab and never inside a timed region. Costs of batch calls are those of the single calls
 * they stand for (a trace describes one frame). Resize benchmarks get the quiet table's cost.
 */
public final class CostTracer {
    /** Frames sampled per operation kind. */
    static final int SAMPLE = 2048;

    /** Lines and dependent loads per call of a benchmark, and the load factor the populated table reached. */
    public record Cost(double lines, double loads) {
        Cost plus(Cost o) {
            return new Cost(lines + o.lines, loads + o.loads);
        }

        Cost times(double k) {
            return new Cost(lines * k, loads * k);
        }
    }

    /** Per-op costs of one populated workload. */
    public record WorkloadCosts(Cost getHit, Cost getMiss, Cost insert, Cost remove, Cost incCounted,
                                Cost decCounted, double load, long entries, long capacity) {

        /** The cost per unit the benchmark {@code method} reports (per call, or per page table). */
        public Cost forMethod(String method) {
            return switch (method) {
                case "getHit", "resizeGetHit" -> getHit;
                case "getMiss" -> getMiss;
                case "insertRemove", "resizeInsertRemove" -> insert.plus(remove).times(0.5);
                case "updateCounted" -> incCounted.plus(decCounted).times(0.5);
                case "mixReadMostly" -> getHit.times(9).plus(getMiss.times(9)).plus(insert).plus(remove).times(1.0 / 20);
                case "mixUpdateHeavy", "resizeMixUpdateHeavy" ->
                        getHit.plus(getMiss).plus(insert).plus(remove).times(5.0 / 20);
                case "pageTableBatch", "pageTableSingle" -> insert.plus(remove).times(Workload.PAGE_TABLE_ENTRIES);
                default -> new Cost(Double.NaN, Double.NaN);
            };
        }
    }

    private final Map<String, WorkloadCosts> cache = new HashMap<>();

    /** Costs of {@code c}'s workload (cached per table and workload). */
    public synchronized WorkloadCosts costs(MicroConfig c, long seed) {
        return cache.computeIfAbsent(c.workloadKey() + "/" + seed, k -> trace(c.table(),
                Workload.build(c.log2Size(), Workload.Utilisation.parse(c.utilisation()), Workload.Keys.parse(c.keys()), seed)));
    }

    public static WorkloadCosts trace(String table, Workload w) {
        try (RefCountTable t = w.populate(table)) {
            AccessTrace tr = new AccessTrace();
            var stats = t.stats();
            Cost hit = average(t, tr, Op.GET, w.counted);
            Cost miss = average(t, tr, Op.GET, w.absent);
            Cost insert = average(t, tr, Op.INCREMENT, w.absent);
            Cost remove = average(t, tr, Op.DECREMENT, w.counted); // counted frames hold 2: a decrement removes
            Cost inc = average(t, tr, Op.INCREMENT, w.counted);
            // A decrement in updateCounted meets a count of 3: raise the sampled frames to 3 first.
            int n = Math.min(SAMPLE, w.counted.length);
            int stride = Math.max(1, w.counted.length / n);
            for (int i = 0; i < n; i++) {
                t.increment(w.counted[i * stride]);
            }
            Cost dec = average(t, tr, Op.DECREMENT, w.counted);
            return new WorkloadCosts(hit, miss, insert, remove, inc, dec, stats.load(), stats.entries(), stats.capacity());
        }
    }

    private static Cost average(RefCountTable t, AccessTrace tr, Op op, long[] frames) {
        int n = Math.min(SAMPLE, frames.length);
        int stride = Math.max(1, frames.length / n);
        long lines = 0, loads = 0;
        for (int i = 0; i < n; i++) {
            t.trace(op, frames[i * stride], tr.reset());
            lines += tr.cacheLines();
            loads += tr.dependentLoads();
        }
        return new Cost((double) lines / n, (double) loads / n);
    }
}
