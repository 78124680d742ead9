package org.cowmeta.lab.macro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.FaultRecord;
import org.cowmeta.vm.system.FaultResult;

/**
 * What one macro run measured: latency histograms (HdrHistogram, ns, 3 significant digits) of
 * faults, forks, exits and morsel operations; accesses, faults and the refcount calls they made;
 * the wall time of the timed phases (for throughput); the table's metadata at its peak; resizes.
 * Each worker thread records into its own {@link Recorder}, merged when it is done.
 */
public final class MacroMetrics {
    public static final String SECTION = "macro";
    /** The quantiles of the fault-latency CDF kept as rows. */
    static final double[] QUANTILES = {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1.0};
    private static final long MAX_NS = 60_000_000_000L;

    private final Map<String, Histogram> latencies = new LinkedHashMap<>();
    private long accesses;
    private long faults;
    private long cowFaults;
    private long refCalls;
    private long phaseNanos;
    private long peakModeled = -1;
    private long peakEntries;
    private long physicalFrames;
    private long resizes;

    /** A per-thread recorder of accesses and their faults. */
    public static final class Recorder {
        final Histogram faultsHist = new Histogram(MAX_NS, 3);
        final FaultRecord rec = new FaultRecord();
        long accesses;
        long faults;
        long cow;
        long refCalls;

        /** A timed write of {@code value} at {@code va}; its latency is recorded when it faulted. */
        public void write(AddressSpace as, long va, long value) {
            long t0 = System.nanoTime();
            FaultResult r = as.write(va, value, rec);
            long dt = System.nanoTime() - t0;
            if (r != FaultResult.OK) {
                throw new IllegalStateException("write at 0x" + Long.toHexString(va) + ": " + r);
            }
            accesses++;
            if (rec.faults() > 0) {
                faults++;
                faultsHist.recordValue(Math.min(Math.max(dt, 1), MAX_NS));
                refCalls += rec.refCountCalls();
                if (rec.pageCopies() + rec.tableCopies() > 0) {
                    cow++;
                }
            }
        }
    }

    public synchronized void merge(Recorder r) {
        latencies.computeIfAbsent("fault", k -> new Histogram(MAX_NS, 3)).add(r.faultsHist);
        accesses += r.accesses;
        faults += r.faults;
        cowFaults += r.cow;
        refCalls += r.refCalls;
    }

    /** Records one latency of {@code kind} ("fork", "exit", "copyMorsel", "transfer"). */
    public synchronized void latency(String kind, long nanos) {
        latencies.computeIfAbsent(kind, k -> new Histogram(MAX_NS, 3)).recordValue(Math.min(Math.max(nanos, 1), MAX_NS));
    }

    /** Adds the wall time of a timed phase (accesses / this = throughput). */
    public synchronized void phase(long nanos) {
        phaseNanos += nanos;
    }

    /** Samples the table's metadata now, keeping the peak. */
    public synchronized void sampleMetadata(RefCountTable t, long physicalFrames) {
        Footprint fp = t.footprint();
        this.physicalFrames = physicalFrames;
        if (fp.modeledBytes() > peakModeled) {
            peakModeled = fp.modeledBytes();
            peakEntries = t.entries();
        }
        resizes = Math.max(resizes, t.stats().resizes());
    }

    public synchronized long faults() {
        return faults;
    }

    /** The rows of this run. */
    public synchronized List<ResultRow> rows(String scenario, String table, Map<String, String> params) {
        List<ResultRow> out = new ArrayList<>();
        Histogram f = latencies.get("fault");
        if (f != null && f.getTotalCount() > 0) {
            out.add(row(scenario, table, params, "faultLatencyP50", f.getValueAtPercentile(50), "ns"));
            out.add(row(scenario, table, params, "faultLatencyP90", f.getValueAtPercentile(90), "ns"));
            out.add(row(scenario, table, params, "faultLatencyP99", f.getValueAtPercentile(99), "ns"));
            out.add(row(scenario, table, params, "faultLatencyP999", f.getValueAtPercentile(99.9), "ns"));
            out.add(row(scenario, table, params, "faultLatencyMax", f.getMaxValue(), "ns"));
            out.add(row(scenario, table, params, "faultLatencyMean", f.getMean(), "ns"));
            for (double q : QUANTILES) {
                Map<String, String> p = new LinkedHashMap<>(params);
                p.put("quantile", Double.toString(q));
                out.add(ResultRow.of(SECTION, table, scenario, p, "faultLatencyCdf", f.getValueAtPercentile(100 * q), "ns"));
            }
        }
        for (Map.Entry<String, Histogram> e : latencies.entrySet()) {
            if (e.getKey().equals("fault") || e.getValue().getTotalCount() == 0) {
                continue;
            }
            Histogram h = e.getValue();
            out.add(row(scenario, table, params, e.getKey() + "LatencyP50", h.getValueAtPercentile(50), "ns")
                    .withSpread(Double.NaN, h.getMinValue(), h.getMaxValue()));
            out.add(row(scenario, table, params, e.getKey() + "LatencyMax", h.getMaxValue(), "ns"));
        }
        out.add(row(scenario, table, params, "accesses", accesses, "count"));
        out.add(row(scenario, table, params, "faults", faults, "count"));
        out.add(row(scenario, table, params, "cowFaults", cowFaults, "count"));
        if (phaseNanos > 0) {
            out.add(row(scenario, table, params, "throughput", accesses * 1e3 / phaseNanos, "Maccesses/s"));
        }
        if (faults > 0) {
            out.add(row(scenario, table, params, "refcountCallsPerFault", (double) refCalls / faults, "calls"));
        }
        if (peakModeled >= 0) {
            out.add(row(scenario, table, params, "metadataBytes", peakModeled, "B"));
            out.add(row(scenario, table, params, "countedFrames", peakEntries, "count"));
            if (peakEntries > 0) {
                out.add(row(scenario, table, params, "metadataBytesPerCountedFrame", (double) peakModeled / peakEntries, "B"));
            }
            out.add(row(scenario, table, params, "metadataShareOfMemory",
                    100.0 * peakModeled / (physicalFrames * (double) Frames.PAGE_SIZE), "%"));
        }
        out.add(row(scenario, table, params, "resizes", resizes, "count"));
        return out;
    }

    private static ResultRow row(String scenario, String table, Map<String, String> params, String metric, double v, String unit) {
        return ResultRow.of(SECTION, table, scenario, params, metric, v, unit);
    }
}
