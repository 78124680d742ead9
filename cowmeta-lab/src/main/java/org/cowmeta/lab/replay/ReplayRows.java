package org.cowmeta.lab.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.vm.capture.SharingSummary;

/**
 * Turns replay figures into {@link ResultRow}s of the lab's results model. Four sections:
 * {@value #CAPTURE} (what the capture holds and how its fork pairs share frames),
 * {@value #STATIC} (a table loaded with the host's counted frames) and {@value #DYNAMIC}
 * (the captured processes rebuilt in the simulator and their copy-on-write history replayed), and
 * {@value #REAL_FORK} (this host's real fork of a process of the captured parent's size, and of
 * one of its mapping shape).
 * Every row carries the capture's file name as the parameter "capture".
 */
public final class ReplayRows {
    public static final String CAPTURE = "replay-capture";
    public static final String STATIC = "replay-static";
    public static final String DYNAMIC = "replay-dynamic";
    /** The real kernel's fork of a process of the captured parent's size, on this host. */
    public static final String REAL_FORK = "replay-real-fork";

    private ReplayRows() {}

    static Map<String, String> params(String capture, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("capture", capture);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    /** The real fork of a process with {@code pages} populated pages: median and 95% interval. */
    public static void realFork(ResultSink sink, String capture, long pages, org.cowmeta.lab.stats.Interval real) {
        sink.add(ResultRow.of(REAL_FORK, "", "realFork", params(capture, "pages", Long.toString(pages)), "forkTime", real.estimate(), "ns")
                .withSpread(Double.NaN, real.low(), real.high()));
    }

    /** The real fork of a process of the captured parent's mapping shape: its time with interval, and the shape. */
    public static void realForkShaped(ResultSink sink, String capture, org.cowmeta.lab.kernel.RealFork.Shaped s) {
        Map<String, String> p = params(capture, "regions", Integer.toString(s.regions()), "vmas", Long.toString(s.vmas()),
                "anonPages", Long.toString(s.anonPages()), "filePages", Long.toString(s.filePages()));
        sink.add(ResultRow.of(REAL_FORK, "", "realForkShaped", p, "forkTime", s.nanos().estimate(), "ns")
                .withSpread(Double.NaN, s.nanos().low(), s.nanos().high()));
        sink.add(ResultRow.of(REAL_FORK, "", "realForkShaped", p, "emptyForkTime", s.emptyNanos(), "ns"));
    }

    public static void capture(ResultSink sink, String capture, SharingSummary s) {
        Map<String, String> p = params(capture);
        sink.add(ResultRow.of(CAPTURE, "", "host", p, "frames", s.hostFrames(), "frames"));
        sink.add(ResultRow.of(CAPTURE, "", "host", p, "mappedFrames", s.mappedFrames(), "frames"));
        sink.add(ResultRow.of(CAPTURE, "", "host", p, "countedFrames", s.countedFrames(), "frames"));
        sink.add(ResultRow.of(CAPTURE, "", "host", p, "processes", s.processes(), "processes"));
        sink.add(ResultRow.of(CAPTURE, "", "host", p, "pages", s.pages(), "pages"));
        for (SharingSummary.Pair pair : s.pairs()) {
            Map<String, String> pp = params(capture, "parent", Integer.toString(pair.parent()), "child", Integer.toString(pair.child()));
            sink.add(ResultRow.of(CAPTURE, "", "forkPair", pp, "sharedPages", pair.shared(), "pages"));
            sink.add(ResultRow.of(CAPTURE, "", "forkPair", pp, "brokenPages", pair.broken(), "pages"));
            sink.add(ResultRow.of(CAPTURE, "", "forkPair", pp, "brokenShare", 100 * pair.brokenShare(), "%"));
            sink.add(ResultRow.of(CAPTURE, "", "forkPair", pp, "sharedFrames", pair.sharedFrames(), "frames"));
            sink.add(ResultRow.of(CAPTURE, "", "forkPair", pp, "sharedAreas2MiB", pair.sharedAreas(), "areas"));
            sink.add(ResultRow.of(CAPTURE, "", "forkPair", pp, "sharedPerArea", pair.sharedPerArea(), "frames/area"));
        }
    }

    public static void staticResult(ResultSink sink, String capture, StaticReplay.Result r) {
        Map<String, String> p = params(capture, "counted", Long.toString(r.counted()));
        String t = r.table();
        sink.add(ResultRow.of(STATIC, t, "load", p, "modeledBytesPerCounted", r.modeledBytesPerCounted(), "B"));
        sink.add(ResultRow.of(STATIC, t, "load", p, "jvmBytesPerCounted", r.jvmBytesPerCounted(), "B"));
        sink.add(ResultRow.of(STATIC, t, "load", p, "modeledBytes", r.footprint().modeledBytes(), "B"));
        sink.add(ResultRow.of(STATIC, t, "load", p, "jvmBytes", r.footprint().jvmBytes(), "B"));
        sink.add(ResultRow.of(STATIC, t, "load", p, "structPageBytes", r.structPageBytes(), "B"));
        sink.add(ResultRow.of(STATIC, t, "load", p, "modeledShareOfMemory", 100 * r.modeledShareOfMemory(), "%"));
        sink.add(ResultRow.of(STATIC, t, "load", p, "countsExact", r.countsExact() ? 1 : 0, "bool"));
        for (OpTiming op : r.timings()) {
            ResultRow row = ResultRow.of(STATIC, t, op.op(), params(capture, "keys", op.keys(), "rounds",
                    Integer.toString(op.rounds()), "opsPerRound", Long.toString(op.opsPerRound()), "timer", "thread CPU time of a plain loop (not JMH)"),
                    "time", op.medianNanos(), "ns/op").withSpread(Double.NaN, op.lowNanos(), op.highNanos());
            if (op.op().equals("get")) {
                row = op.keys().equals("real") ? row.withCost(r.getLinesReal(), r.getLoadsReal())
                        : row.withCost(r.getLinesUniform(), r.getLoadsUniform());
            }
            sink.add(row);
        }
    }

    /**
     * The dynamic replay's figures. The three timings carry the value of every round in round
     * order (the rounds of all tables interleaved), so that a table can be set against dense
     * paired by round; "rounds" says how many there were.
     */
    public static void dynamicResult(ResultSink sink, String capture, DynamicReplay.Result r) {
        Map<String, String> p = params(capture, "strategy", r.strategy(), "parent", Integer.toString(r.pair().parentPid()),
                "child", Integer.toString(r.pair().childPid()), "writes", Long.toString(r.workload().writes()),
                "timer", "thread CPU time of a plain loop (not JMH)",
                "rounds", Integer.toString(r.rounds().count()));
        String t = r.table();
        String b = "forkReplay";
        DynamicReplay.Work w = r.work();
        DynamicReplay.Times times = r.times();
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "faults", w.faults(), "faults"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "tableCopies", w.tableCopies(), "tables"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "pageCopies", w.pageCopies(), "pages"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "zeroFills", w.zeroFills(), "pages"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "refCountCalls", w.refCountCalls(), "calls"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "refCountFrames", w.refCountFrames(), "frames"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "preForkPages", r.workload().preForkPages(), "pages"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "cowWrites", r.workload().cowWrites(), "writes"));
        sink.add(spread(ResultRow.of(DYNAMIC, t, b, p, "faultPathTime", times.faultPath().median(), "ns"), times.faultPath())
                .withSamples(list(r.rounds().faultPath())));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "faultPathPerWrite", r.nanosPerWrite(), "ns/op"));
        sink.add(spread(ResultRow.of(DYNAMIC, t, b, p, "cowFaultTime", times.cowFaults().median(), "ns"), times.cowFaults())
                .withSamples(list(r.rounds().cowFault())));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "cowFaultPerCopy", r.cowNanosPerFault(), "ns/op"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "forkTime", times.forkNanos(), "ns").withSamples(list(r.rounds().fork())));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "tableCacheLines", r.traced().lines(), "lines"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "tableDependentLoads", r.traced().loads(), "loads"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "entriesBefore", r.before().entries(), "entries"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "entriesAfter", r.after().entries(), "entries"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "modeledBytesBefore", r.before().footprint().modeledBytes(), "B"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "modeledBytesAfter", r.after().footprint().modeledBytes(), "B"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "jvmBytesBefore", r.before().footprint().jvmBytes(), "B"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "jvmBytesAfter", r.after().footprint().jvmBytes(), "B"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "unplacedPages", r.check().unplacedPages(), "pages"));
        sink.add(ResultRow.of(DYNAMIC, t, b, p, "sharingMismatches", r.check().mismatches(), "pages"));
    }

    private static ResultRow spread(ResultRow row, DynamicReplay.Spread s) {
        return row.withSpread(Double.NaN, s.low(), s.high());
    }

    private static List<Double> list(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
