package org.cowmeta.vm.system;

import java.util.function.LongConsumer;
import org.cowmeta.vm.paging.Levels;

/**
 * One thread's working memory for the fault handler, forks and releases, so that none of them
 * allocates: the record of the current operation, a 512-frame buffer per level (children of a
 * copied or released table), a collector per level for frames a batch decrement released,
 * frames reserved up front by a fault, and releases deferred until the fault's locks are gone.
 * Obtained from {@link PageTableOps#scratch()}; never shared between threads.
 */
public final class Scratch {
    private static final int LEVELS = Levels.MAX_ROOT_LEVEL + 1;

    final FaultRecord record = new FaultRecord();
    final long[][] children = new long[LEVELS][512];
    final long[][] entries = new long[LEVELS][512];
    final Collector[] released = new Collector[LEVELS];
    final long[] reserve = new long[LEVELS + 1];
    final long[] passed = new long[LEVELS + 1];
    int reserved;
    final long[] deferredFrame = new long[2 * LEVELS];
    final int[] deferredLevel = new int[2 * LEVELS];
    int deferred;

    Scratch() {
        for (int i = 0; i < LEVELS; i++) {
            released[i] = new Collector();
        }
    }

    /** The record of the operation in progress. */
    public FaultRecord record() {
        return record;
    }

    /** A 512-frame buffer for the children of a table at {@code level} (one per level: recursion-safe). */
    public long[] children(int level) {
        return children[level];
    }

    /** A 512-entry buffer for scanning a whole table at {@code level} (one per level: recursion-safe). */
    public long[] entries(int level) {
        return entries[level];
    }

    long takeReserved() {
        return reserve[--reserved];
    }

    void defer(long frame, int level) {
        deferredFrame[deferred] = frame;
        deferredLevel[deferred++] = level;
    }

    /** Collects the frames a batch decrement released. */
    static final class Collector implements LongConsumer {
        final long[] frames = new long[512];
        int count;

        @Override
        public void accept(long frame) {
            frames[count++] = frame;
        }
    }
}
