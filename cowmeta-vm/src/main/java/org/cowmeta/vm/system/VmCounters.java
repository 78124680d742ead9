package org.cowmeta.vm.system;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of {@link FaultRecord}s for an address space or a whole system, safe to add to
 * from many threads at once (striped adders: no shared hot counter line).
 */
public final class VmCounters {
    private final LongAdder accesses = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder zeroFills = new LongAdder();
    private final LongAdder tablesAllocated = new LongAdder();
    private final LongAdder tableCopies = new LongAdder();
    private final LongAdder pageCopies = new LongAdder();
    private final LongAdder tableReuses = new LongAdder();
    private final LongAdder pageReuses = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder increments = new LongAdder();
    private final LongAdder decrements = new LongAdder();
    private final LongAdder incrementAllCalls = new LongAdder();
    private final LongAdder incrementAllFrames = new LongAdder();
    private final LongAdder decrementAllCalls = new LongAdder();
    private final LongAdder decrementAllFrames = new LongAdder();
    private final LongAdder framesAllocated = new LongAdder();
    private final LongAdder framesFreed = new LongAdder();
    private final LongAdder outOfMemory = new LongAdder();
    private final LongAdder forks = new LongAdder();

    void add(FaultRecord r) {
        addIf(accesses, r.accesses);
        addIf(faults, r.faults);
        addIf(zeroFills, r.zeroFills);
        addIf(tablesAllocated, r.tablesAllocated);
        addIf(tableCopies, r.tableCopies);
        addIf(pageCopies, r.pageCopies);
        addIf(tableReuses, r.tableReuses);
        addIf(pageReuses, r.pageReuses);
        addIf(gets, r.gets);
        addIf(increments, r.increments);
        addIf(decrements, r.decrements);
        addIf(incrementAllCalls, r.incrementAllCalls);
        addIf(incrementAllFrames, r.incrementAllFrames);
        addIf(decrementAllCalls, r.decrementAllCalls);
        addIf(decrementAllFrames, r.decrementAllFrames);
        addIf(framesAllocated, r.framesAllocated);
        addIf(framesFreed, r.framesFreed);
        addIf(outOfMemory, r.outOfMemory);
        addIf(forks, r.forks);
    }

    private static void addIf(LongAdder a, long v) {
        if (v != 0) {
            a.add(v);
        }
    }

    /** The totals now (exact when quiescent). */
    public FaultRecord snapshot() {
        FaultRecord r = new FaultRecord();
        r.accesses = accesses.sum();
        r.faults = faults.sum();
        r.zeroFills = zeroFills.sum();
        r.tablesAllocated = tablesAllocated.sum();
        r.tableCopies = tableCopies.sum();
        r.pageCopies = pageCopies.sum();
        r.tableReuses = tableReuses.sum();
        r.pageReuses = pageReuses.sum();
        r.gets = gets.sum();
        r.increments = increments.sum();
        r.decrements = decrements.sum();
        r.incrementAllCalls = incrementAllCalls.sum();
        r.incrementAllFrames = incrementAllFrames.sum();
        r.decrementAllCalls = decrementAllCalls.sum();
        r.decrementAllFrames = decrementAllFrames.sum();
        r.framesAllocated = framesAllocated.sum();
        r.framesFreed = framesFreed.sum();
        r.outOfMemory = outOfMemory.sum();
        r.forks = forks.sum();
        return r;
    }
}
