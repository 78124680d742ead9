package org.cowmeta.lab.micro;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The JMH micro benchmarks of one refcount table, chosen by name from the registry. Times are
 * nanoseconds per table call (a pair benchmark counts both calls; a page-table benchmark is per
 * page table of 512 entries). Every update benchmark keeps the table's size steady: it removes,
 * {@code window} steps later, what it inserted (and undoes what it incremented), so an insert is
 * always measured together with a remove, and counts stay between 2 and a few.
 *
 * <p>Threads: with {@code sharing=disjoint} each thread works on its own slice of every pool;
 * with {@code sharing=shared} all threads walk the same frames a few steps apart, so they
 * update the same entries at nearly the same time (the worst case: contention on entries and
 * lines). With {@code phase=resizing} the {@code resize*} benchmarks run while a paced resize
 * started through {@link ResizeControl} is in progress; {@code phase=quiet} is the same code on
 * the same table without one. The {@code resizing} and {@code quiet} counters say how many
 * sampled operations really saw a resize in progress.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TableBench {
    static final int MIX_CALLS = 20;
    /** Frames per {@link #getHitBatch} call: a page table's worth. */
    static final int GET_BATCH = Workload.PAGE_TABLE_ENTRIES;

    @Param("dense") // the lab always sets it
    public String table;
    @Param("16") // the lab always sets it
    public int log2Size;
    @Param("medium") // the lab always sets it
    public String utilisation;
    @Param("uniform") // the lab always sets it
    public String keys;
    @Param("disjoint") // the lab always sets it
    public String sharing;
    @Param("quiet") // the lab always sets it
    public String phase;
    @Param("42") // the lab always sets it
    public long seed;

    RefCountTable t;
    Workload w;
    ResizeControl control;
    private int netGrows;
    private boolean resizing;
    /** Whether the table is a worker's shared one ({@link SharedTables}): then it is left filled, not closed. */
    private boolean shared;

    @Setup(Level.Trial)
    public void setUp() {
        SharedTables.Filled f = SharedTables.get(table, log2Size, utilisation, keys, seed);
        shared = f != null;
        if (shared) {
            w = f.workload();
            t = f.table();
        } else {
            w = Workload.build(log2Size, Workload.Utilisation.parse(utilisation), Workload.Keys.parse(keys), seed);
            t = w.populate(table);
        }
        resizing = phase.equals("resizing");
        if (resizing) {
            control = t.resizeControl().orElseThrow(() -> new IllegalStateException(table + " has no resize control"));
        } else {
            control = t.resizeControl().orElse(null);
        }
    }

    /**
     * In the resizing phase, makes sure a paced resize is in progress when an iteration starts.
     * Every design gets the same pace: 3 iterations' time over the table's
     * {@link org.cowmeta.tables.ResizeControl#migrationUnits()}, so the migration proper lasts
     * through the measurement: a background worker pauses between units, cooperative callers
     * take one unit per interval between them ({@link org.cowmeta.tables.HelpPacing}: nobody
     * waits inside a measured call). Work a design's operations must do on their own (an
     * insert migrating its home bucket first) is not paced and may finish a resize early; it is
     * restarted then, and the report gives the share of calls that saw a resize.
     */
    @Setup(Level.Iteration)
    public void startResize(IterationParams ip) {
        if (!phase.equals("resizing")) {
            return;
        }
        long iterationNanos = ip.getTime().convertTo(TimeUnit.NANOSECONDS);
        long units = Math.max(1, control.migrationUnits());
        control.pace(Math.max(1, 3 * iterationNanos / units));
        keepResizing();
    }

    /**
     * Starts the next resize if none is in progress: grow and shrink alternate, so the table
     * never drifts more than one doubling from its size. Designs whose callers help migrate
     * finish a resize quickly; restarting it (here and every 64 calls of a resize benchmark)
     * keeps the table resizing for as much of the measurement as the design allows.
     */
    synchronized void keepResizing() {
        if (control.inProgress()) {
            return;
        }
        if (netGrows > 0 && control.startShrink()) {
            netGrows--;
        } else if (netGrows < 3 && control.startGrow()) {
            netGrows++;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (control != null) {
            control.pace(0);
            control.awaitQuiescent();
        }
        if (!shared) {
            t.close();
        }
    }

    /** A thread's position in each pool: its slice (disjoint) or the whole pool a few steps behind the others (shared). */
    @State(Scope.Thread)
    public static class Cursor {
        long[] counted;
        int cFrom, cLen, cPos;
        long[] misses;
        int mFrom, mLen, mPos;
        /** The last result of a latency benchmark, which the next lookup's frame depends on. */
        long last;
        /** The counts a batch lookup returns. */
        final long[] batchCounts = new long[GET_BATCH];

        @Setup(Level.Trial)
        public void setUp(TableBench b, ThreadParams tp) {
            boolean disjoint = b.sharing.equals("disjoint");
            int threads = tp.getThreadCount();
            int me = tp.getThreadIndex();
            counted = b.w.counted;
            misses = b.w.absent;
            int half = misses.length / 2;
            if (disjoint) {
                cLen = counted.length / threads;
                cFrom = me * cLen;
                mLen = half / threads;
                mFrom = me * mLen;
            } else {
                cLen = counted.length;
                mLen = half;
                cPos = (me * 8) % cLen;
                mPos = (me * 8) % mLen;
            }
        }

        long nextCounted() {
            long f = counted[cFrom + cPos];
            if (++cPos == cLen) {
                cPos = 0;
            }
            return f;
        }

        /**
         * The next counted frame, read only once {@code previous} (a count, so below 2^63) is
         * known: the index gains {@code previous >>> 63}, always 0, which the JIT cannot prove
         * and the CPU cannot skip. Lookups chained this way run one at a time.
         */
        long nextCountedAfter(long previous) {
            cPos += (int) (previous >>> 63);
            return nextCounted();
        }

        /**
         * The start of the next {@code n} counted frames in {@link #counted}, as one run of the
         * pool (wrapping to the slice's start when fewer than {@code n} are left).
         */
        int nextCountedRun(int n) {
            if (n > cLen) {
                throw new IllegalStateException("a batch of " + n + " needs that many counted frames per thread, not " + cLen);
            }
            if (cPos + n > cLen) {
                cPos = 0;
            }
            int at = cFrom + cPos;
            cPos += n;
            return at;
        }

        long nextMiss() {
            long f = misses[mFrom + mPos];
            if (++mPos == mLen) {
                mPos = 0;
            }
            return f;
        }
    }

    /**
     * A window sliding over {@code pool[from, from + len)}: each step increments the frame at the
     * front and decrements the one {@code window} steps behind, so the table's size stays steady.
     * Disjoint sharing gives each thread its own slice; shared sharing gives every thread the whole
     * range, starting a few frames apart.
     */
    public abstract static class SlidingWindow {
        long[] pool;
        int from, len, window, in, out;

        final void open(TableBench b, ThreadParams tp, long[] pool, int start, int length) {
            this.pool = pool;
            int threads = tp.getThreadCount();
            if (b.sharing.equals("disjoint")) {
                len = length / threads;
                from = start + tp.getThreadIndex() * len;
            } else {
                len = length;
                from = start;
                in = (tp.getThreadIndex() * 8) % len;
            }
            window = windowFor(len, b.w.counted.length);
            out = Math.floorMod(in - window, len);
            for (int k = out; k != in; k = (k + 1) % len) {
                b.t.increment(pool[from + k]);
            }
        }

        /** Takes back what the window holds, so the table is as the window found it (a worker's next benchmark measures it). */
        final void drain(RefCountTable t) {
            for (int k = out; k != in; k = (k + 1) % len) {
                t.decrement(pool[from + k]);
            }
            out = in;
        }

        void step(RefCountTable t) {
            t.increment(pool[from + in]);
            t.decrement(pool[from + out]);
            if (++in == len) {
                in = 0;
            }
            if (++out == len) {
                out = 0;
            }
        }
    }

    /**
     * Inserts of absent frames (second half of the absent pool), each removed {@code window} steps
     * later: the table holds its counted frames plus the window, steadily.
     */
    @State(Scope.Thread)
    public static class InsertWindow extends SlidingWindow {
        @Setup(Level.Trial)
        public void setUp(TableBench b, ThreadParams tp) {
            long[] absent = b.w.absent;
            int half = absent.length / 2;
            open(b, tp, absent, half, absent.length - half);
        }

        @TearDown(Level.Trial)
        public void tearDown(TableBench b) {
            drain(b.t);
        }
    }

    /** Increments of counted frames, each undone {@code window} steps later: counts stay 2..4, no entry is removed. */
    @State(Scope.Thread)
    public static class UpdateWindow extends SlidingWindow {
        @Setup(Level.Trial)
        public void setUp(TableBench b, ThreadParams tp) {
            open(b, tp, b.w.counted, 0, b.w.counted.length);
        }

        @TearDown(Level.Trial)
        public void tearDown(TableBench b) {
            drain(b.t);
        }
    }

    /** Page tables (groups of 512 batch frames) being copied, each torn down {@code window} groups later. */
    @State(Scope.Thread)
    public static class PageTables {
        static final int WINDOW = 4;
        long[] frames;
        int firstGroup, groups, in, out;
        long released;
        final LongConsumer onRelease = f -> released++;

        @Setup(Level.Trial)
        public void setUp(TableBench b, ThreadParams tp) {
            frames = b.w.batch;
            int all = frames.length / Workload.PAGE_TABLE_ENTRIES;
            int threads = tp.getThreadCount();
            if (b.sharing.equals("disjoint")) {
                groups = all / threads;
                firstGroup = tp.getThreadIndex() * groups;
            } else {
                groups = all;
                in = tp.getThreadIndex() % groups;
            }
            if (groups <= WINDOW) {
                throw new IllegalStateException("too few page tables per thread: " + groups);
            }
            out = Math.floorMod(in - WINDOW, groups);
            for (int g = out; g != in; g = (g + 1) % groups) {
                b.t.incrementAll(frames, start(g), start(g) + Workload.PAGE_TABLE_ENTRIES);
            }
        }

        int start(int g) {
            return (firstGroup + g) * Workload.PAGE_TABLE_ENTRIES;
        }

        /** Tears down the page tables still copied, so the table is as this state found it. */
        @TearDown(Level.Trial)
        public void tearDown(TableBench b) {
            for (int g = out; g != in; g = (g + 1) % groups) {
                b.t.decrementAll(frames, start(g), start(g) + Workload.PAGE_TABLE_ENTRIES, onRelease);
            }
            out = in;
        }

        void advance() {
            if (++in == groups) {
                in = 0;
            }
            if (++out == groups) {
                out = 0;
            }
        }
    }

    /** How often a resize benchmark saw a resize in progress (sampled every 64 operations). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ResizeWatch {
        public long resizing;
        public long quiet;
        int tick;

        @Setup(Level.Iteration)
        public void reset() {
            resizing = 0;
            quiet = 0;
        }

        void sample(TableBench b) {
            if ((++tick & 63) == 0) {
                if (b.control != null && b.control.inProgress()) {
                    resizing++;
                } else {
                    quiet++;
                    if (b.resizing) {
                        b.keepResizing();
                    }
                }
            }
        }
    }

    /**
     * How many steps behind the front an update window takes back what it added: an eighth of the
     * counted frames (at most half the pool). Between inserting a frame and removing it, the
     * window's other steps touch 2 × window random lines (an insert and a remove each): at 2^22
     * counted frames 2^20 lines, 64 MiB, beyond the last-level cache in effect (the probe's
     * curve), so the remove does not find the insert's line still cached, as a real unlink of a
     * long-shared frame would not. At small sizes everything is cached anyway.
     */
    static int windowFor(int poolLength, int counted) {
        return Math.max(1, Math.min(poolLength / 2, Math.max(16, counted / 8)));
    }

    // ---- single operations ----

    @Benchmark
    public long getHit(Cursor c) {
        return t.get(c.nextCounted());
    }

    @Benchmark
    public long getMiss(Cursor c) {
        return t.get(c.nextMiss());
    }

    /**
     * {@link #getHit} one lookup at a time: each frame is chosen only once the previous lookup
     * returned, so the misses of successive lookups cannot overlap. This is the page-fault
     * path's case (a fault acts on its count before the next fault) and measures a lookup's
     * latency: its chain of dependent memory accesses, where {@link #getHit} measures throughput.
     * (There is no such variant of {@link #getMiss}: a miss returns the constant 1 through
     * branches, not data, so the CPU runs ahead on predicted branches and the chain would not
     * hold.)
     */
    @Benchmark
    public long getHitLatency(Cursor c) {
        long r = t.get(c.nextCountedAfter(c.last));
        c.last = r;
        return r;
    }

    /**
     * {@link #getHit} as one {@code getAll} call over {@value #GET_BATCH} counted frames (a page
     * table's worth, in the pool's random order), per frame: what a table gains by overlapping
     * its lookups' misses itself, where {@link #getHit} leaves that to the CPU's out-of-order
     * window.
     */
    @Benchmark
    @OperationsPerInvocation(GET_BATCH)
    public long getHitBatch(Cursor c) {
        int from = c.nextCountedRun(GET_BATCH);
        t.getAll(c.counted, from, from + GET_BATCH, c.batchCounts);
        return c.batchCounts[GET_BATCH - 1];
    }

    /** increment of an absent frame (insert) + decrement to 1 of one inserted earlier (remove). */
    @Benchmark
    @OperationsPerInvocation(2)
    public void insertRemove(InsertWindow iw) {
        iw.step(t);
    }

    /** increment of a counted frame + decrement of one incremented earlier; no entry appears or goes. */
    @Benchmark
    @OperationsPerInvocation(2)
    public void updateCounted(UpdateWindow uw) {
        uw.step(t);
    }

    /** 20 calls: 9 hits, 9 misses, 1 insert, 1 remove (10% updates). */
    @Benchmark
    @OperationsPerInvocation(MIX_CALLS)
    public long mixReadMostly(Cursor c, InsertWindow iw) {
        long s = 0;
        for (int i = 0; i < 9; i++) {
            s += t.get(c.nextCounted());
            s += t.get(c.nextMiss());
        }
        iw.step(t);
        return s;
    }

    /** 20 calls: 5 hits, 5 misses, 5 inserts, 5 removes (50% updates). */
    @Benchmark
    @OperationsPerInvocation(MIX_CALLS)
    public long mixUpdateHeavy(Cursor c, InsertWindow iw) {
        long s = 0;
        for (int i = 0; i < 5; i++) {
            s += t.get(c.nextCounted());
            s += t.get(c.nextMiss());
            iw.step(t);
        }
        return s;
    }

    // ---- page tables: copy (512 increments) and teardown (512 decrements), per page table ----

    @Benchmark
    public long pageTableBatch(PageTables p) {
        int s = p.start(p.in);
        t.incrementAll(p.frames, s, s + Workload.PAGE_TABLE_ENTRIES);
        int d = p.start(p.out);
        t.decrementAll(p.frames, d, d + Workload.PAGE_TABLE_ENTRIES, p.onRelease);
        p.advance();
        return p.released;
    }

    @Benchmark
    public long pageTableSingle(PageTables p) {
        long[] f = p.frames;
        int s = p.start(p.in);
        for (int i = s; i < s + Workload.PAGE_TABLE_ENTRIES; i++) {
            t.increment(f[i]);
        }
        int d = p.start(p.out);
        long released = p.released;
        for (int i = d; i < d + Workload.PAGE_TABLE_ENTRIES; i++) {
            if (t.decrement(f[i]) == 0) {
                released++;
            }
        }
        p.released = released;
        p.advance();
        return released;
    }

    // ---- the same during a resize (phase=resizing) or not (phase=quiet) ----

    @Benchmark
    public long resizeGetHit(Cursor c, ResizeWatch rw) {
        rw.sample(this);
        return t.get(c.nextCounted());
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public void resizeInsertRemove(InsertWindow iw, ResizeWatch rw) {
        rw.sample(this);
        iw.step(t);
    }

    @Benchmark
    @OperationsPerInvocation(MIX_CALLS)
    public long resizeMixUpdateHeavy(Cursor c, InsertWindow iw, ResizeWatch rw) {
        rw.sample(this);
        return mixUpdateHeavy(c, iw);
    }
}
