package org.cowmeta.lab.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.capture.replay.ForkPlan;
import org.cowmeta.vm.capture.replay.ReplayedFork;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.system.FaultRecord;
import org.cowmeta.vm.system.ForkStrategy;

/**
 * The dynamic replay of a captured fork pair, timed: the parent is rebuilt in a simulated machine of the
 * host's size with its pages at their captured frame numbers and the rest of the host's counted
 * frames in the table ({@link ReplayedFork}), forked with a {@link ForkStrategy}, and the
 * copy-on-write history the capture shows is replayed as write faults ({@link ForkPlan}). Reports
 * faults, table and page copies, refcount-table calls, the time spent in the faults (the
 * fault path: the thread CPU time of all replayed writes, and of the copy-on-write ones alone,
 * each timed on its own; median over rounds; a plain timed loop, not JMH), the deterministic cost of the
 * table calls (cache lines and dependent loads by the table's own trace, from one more untimed
 * round), the time of the fork itself, and
 * the table's memory before the fork and after the replay. At the end it checks that every page
 * the capture shows shared is still shared and every broken one is not.
 */
public final class DynamicReplay {

    /** Rounds of the whole replay (fresh machine each); the median fault-path time is reported. */
    public record Settings(int warmupRounds, int rounds, long seed) {
        public static final Settings STANDARD = new Settings(1, 7, 42);
        public static final Settings QUICK = new Settings(0, 1, 42);
    }

    /** What one table and strategy showed for one fork pair. */
    public record Result(String table, String strategy, ForkPlan.Pair pair, Workload workload, Work work, Times times,
                         TableState before, TableState after, Check check, Cost traced, Rounds rounds) {

        /** Time in the copy-on-write faults alone (the writes to pages the capture shows copied), per page copy. */
        public double cowNanosPerFault() {
            return work.pageCopies() == 0 ? Double.NaN : times.cowFaults().median() / work.pageCopies();
        }

        /** Fault-path time per replayed write. */
        public double nanosPerWrite() {
            return workload.writes() == 0 ? Double.NaN : times.faultPath().median() / workload.writes();
        }
    }

    /** The replayed pages: placed before the fork, written after it, and of those written by the child. */
    public record Workload(long preForkPages, long writes, long writesByChild, long cowWrites) {}

    /**
     * The timed figures of every round, in round order (round i of every table ran in the same
     * pass of the interleaved schedule), so a comparison between tables can be paired by round.
     */
    public record Rounds(double[] faultPath, double[] cowFault, double[] fork) {
        public Rounds {
            faultPath = faultPath.clone();
            cowFault = cowFault.clone();
            fork = fork.clone();
        }

        static Rounds of(double faultPath, double cowFault, double fork) {
            return new Rounds(new double[] {faultPath}, new double[] {cowFault}, new double[] {fork});
        }

        public int count() {
            return fork.length;
        }
    }

    /**
     * What the simulator did in the fork and the replay together (the zero fills in the replay
     * alone): faults, table and page copies, refcount-table calls and the frames they named.
     */
    public record Work(long faults, long tableCopies, long pageCopies, long zeroFills, long refCountCalls, long refCountFrames) {}

    /** A median over rounds with the fastest and slowest round, in nanoseconds. */
    public record Spread(double median, double low, double high) {
        static Spread of(double nanos) {
            return new Spread(nanos, nanos, nanos);
        }

        static Spread of(double[] sorted) {
            return new Spread(DynamicReplay.median(sorted), sorted[0], sorted[sorted.length - 1]);
        }
    }

    /** The time of all replayed writes, of the copy-on-write ones alone, and the median time of the fork. */
    public record Times(Spread faultPath, Spread cowFaults, double forkNanos) {}

    /** The table's entries and footprint at one moment. */
    public record TableState(long entries, Footprint footprint) {
        static TableState of(RefCountTable t) {
            ResizeControl.awaitAtRest(t);
            return new TableState(t.entries(), t.footprint());
        }
    }

    /**
     * Pages the replay could not put at their captured frame, and pages whose sharing after the
     * replay is not what the capture shows (a shared page split or a broken one still shared).
     */
    public record Check(long unplacedPages, long mismatches) {
        public boolean ok() {
            return unplacedPages == 0 && mismatches == 0;
        }
    }

    /** The cache lines and dependent loads of every table call, by the table's own trace; -1 when not traced. */
    public record Cost(long lines, long loads) {
        static final Cost NONE = new Cost(-1, -1);
    }

    private final Settings settings;

    public DynamicReplay(Settings settings) {
        this.settings = settings;
    }

    /** Replays {@code plan} with {@code table} and {@code strategy}. */
    public Result run(ForkPlan plan, String table, String strategy) {
        return runStrategy(plan, List.of(table), strategy).getFirst();
    }

    /**
     * Replays {@code plan} with every table and {@code strategy}, the rounds interleaved (round 1 of
     * every table, then round 2, ...) so that a noisy phase of a shared machine hits all tables alike.
     */
    public List<Result> runStrategy(ForkPlan plan, List<String> tables, String strategy) {
        ForkStrategy fork = ForkStrategies.byName(strategy);
        int n = tables.size();
        double[][] faultNanos = new double[n][settings.rounds()];
        double[][] forkNanos = new double[n][settings.rounds()];
        double[][] cowNanos = new double[n][settings.rounds()];
        Result[] last = new Result[n];
        for (int w = 0; w < settings.warmupRounds(); w++) {
            for (String table : tables) {
                once(plan, table, fork, false);
            }
        }
        for (int round = 0; round < settings.rounds(); round++) {
            for (int t = 0; t < n; t++) {
                last[t] = once(plan, tables.get(t), fork, false);
                faultNanos[t][round] = last[t].times().faultPath().median();
                forkNanos[t][round] = last[t].times().forkNanos();
                cowNanos[t][round] = last[t].times().cowFaults().median();
            }
        }
        Result[] traced = new Result[n];
        for (int t = 0; t < n; t++) {
            traced[t] = once(plan, tables.get(t), fork, true);
        }
        List<Result> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Rounds inOrder = new Rounds(faultNanos[t], cowNanos[t], forkNanos[t]); // copies, before the sort
            double[] f = faultNanos[t];
            double[] k = forkNanos[t];
            double[] c = cowNanos[t];
            Arrays.sort(f);
            Arrays.sort(k);
            Arrays.sort(c);
            Result r = last[t];
            out.add(new Result(r.table(), r.strategy(), r.pair(), r.workload(), r.work(), new Times(Spread.of(f), Spread.of(c), median(k)),
                    r.before(), r.after(), r.check(), traced[t].traced(), inOrder));
        }
        return out;
    }

    /** One replay on a fresh machine; {@code traced}: the table's own cost account of every call, untimed. */
    private Result once(ForkPlan plan, String table, ForkStrategy fork, boolean traced) {
        TableConfig config = TableConfig.of(plan.hostFrames()).withSeed(settings.seed());
        RefCountTable created = TableRegistry.create(table, config);
        TracingTable tracing = traced ? new TracingTable(created) : null;
        try (ReplayedFork replay = ReplayedFork.build(plan, traced ? tracing : created)) {
            TableState before = TableState.of(replay.table());
            if (traced) {
                tracing.reset();
            }
            FaultRecord c0 = replay.counters();
            long t0 = CpuClock.now();
            replay.fork(fork);
            long forkTime = CpuClock.now() - t0;
            FaultRecord c1 = replay.counters();

            boolean[] cow = plan.writes().isCow();
            int writes = cow.length;
            long cowTime = 0;
            long t1 = CpuClock.now();
            for (int k = 0; k < writes; k++) {
                if (cow[k]) { // only the copy-on-write faults are timed one by one (a clock read costs ~0.3 us)
                    long c = CpuClock.now();
                    replay.write(k);
                    cowTime += CpuClock.now() - c;
                } else {
                    replay.write(k);
                }
            }
            long faultTime = CpuClock.now() - t1;
            FaultRecord c2 = replay.counters();

            Check check = new Check(replay.unplacedPages(), replay.mismatches());
            TableState after = TableState.of(replay.table());
            // Counts of the fork and the replay together: what the strategy costs end to end.
            long faults = c2.faults() - c1.faults();
            long refCalls = c2.refCountCalls() - c0.refCountCalls();
            long refFrames = (c2.gets() - c0.gets()) + (c2.increments() - c0.increments()) + (c2.decrements() - c0.decrements())
                    + (c2.incrementAllFrames() - c0.incrementAllFrames()) + (c2.decrementAllFrames() - c0.decrementAllFrames());
            Work work = new Work(faults, c2.tableCopies() - c0.tableCopies(), c2.pageCopies() - c0.pageCopies(),
                    c2.zeroFills() - c1.zeroFills(), refCalls, refFrames);
            return new Result(table, fork.name(), plan.pair(),
                    new Workload(plan.preFork().size(), writes, plan.writes().countByChild(), plan.writes().countCow()),
                    work, new Times(Spread.of(faultTime), Spread.of(cowTime), forkTime), before, after, check,
                    traced ? new Cost(tracing.lines(), tracing.loads()) : Cost.NONE, Rounds.of(faultTime, cowTime, forkTime));
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
