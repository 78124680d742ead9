package org.cowmeta.lab.replay;

import java.util.Optional;
import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableStats;

/**
 * A table that adds up, for every call the simulator makes, the deterministic cost the wrapped
 * table accounts for itself ({@link RefCountTable#trace}: cache lines touched, dependent loads),
 * traced just before the call is applied. Batch calls are traced frame by frame, which overstates
 * designs whose batches do better than a loop. Used for one untimed replay round: the cost does
 * not drift with the noise of a shared machine, unlike the timed rounds.
 */
final class TracingTable implements RefCountTable {
    private final RefCountTable table;
    private final AccessTrace trace = new AccessTrace();
    private long lines;
    private long loads;
    private long ops;

    TracingTable(RefCountTable table) {
        this.table = table;
    }

    /** Forgets what was added up so far (the rebuild before the fork is not part of the replay). */
    void reset() {
        lines = 0;
        loads = 0;
        ops = 0;
    }

    long lines() {
        return lines;
    }

    long loads() {
        return loads;
    }

    long ops() {
        return ops;
    }

    private void account(Op op, long frame) {
        table.trace(op, frame, trace.reset());
        lines += trace.cacheLines();
        loads += trace.dependentLoads();
        ops++;
    }

    @Override
    public long get(long frame) {
        account(Op.GET, frame);
        return table.get(frame);
    }

    @Override
    public long increment(long frame) {
        account(Op.INCREMENT, frame);
        return table.increment(frame);
    }

    @Override
    public long decrement(long frame) {
        account(Op.DECREMENT, frame);
        return table.decrement(frame);
    }

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        for (int i = from; i < to; i++) {
            account(Op.INCREMENT, frames[i]);
        }
        table.incrementAll(frames, from, to);
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        for (int i = from; i < to; i++) {
            account(Op.DECREMENT, frames[i]);
        }
        table.decrementAll(frames, from, to, released);
    }

    @Override
    public void seed(long frame, long count) {
        table.seed(frame, count);
    }

    @Override
    public long entries() {
        return table.entries();
    }

    @Override
    public Footprint footprint() {
        return table.footprint();
    }

    @Override
    public TableStats stats() {
        return table.stats();
    }

    @Override
    public void trace(Op op, long frame, AccessTrace t) {
        table.trace(op, frame, t);
    }

    @Override
    public Optional<ResizeControl> resizeControl() {
        return table.resizeControl();
    }

    @Override
    public void close() {
        table.close();
    }
}
