package org.cowmeta.tables.rosebush;

import java.util.concurrent.locks.LockSupport;
import org.cowmeta.tables.MigrationGate;
import org.cowmeta.tables.ResizeControl;

/**
 * Rosebush's {@link ResizeControl}. The patch grows lazily (a full bucket splits, an unshared full
 * bucket first doubles the pointer array); to let the lab and the tests observe operations
 * <i>during</i> a resize, {@link #startGrow()} doubles the pointer array at once and then splits
 * every bucket, one by one, on a background thread with an optional pause after each split.
 * Rosebush never shrinks, so {@link #startShrink()} is always false.
 */
final class PacedGrowth implements ResizeControl {
    private final Rosebush bush;
    private volatile long paceNanos;
    private volatile Thread worker;
    private volatile boolean closed;
    /** Holds the splitting thread between buckets for tests ({@link #hold()}, {@link #step()}). */
    private final MigrationGate gate = new MigrationGate();

    PacedGrowth(Rosebush bush) {
        this.bush = bush;
    }

    @Override
    public synchronized boolean startGrow() {
        if (closed || (worker != null && worker.isAlive())) {
            return false;
        }
        Resizer.GrowthPlan plan = bush.resizer.doubleForGrowth();
        if (plan == null) {
            return false;
        }
        Thread t = Thread.ofPlatform().daemon().name("rosebush-growth").unstarted(() -> splitAll(plan));
        worker = t;
        t.start();
        return true;
    }

    private void splitAll(Resizer.GrowthPlan plan) {
        for (int k = 0; k < plan.indices().length && !closed; k++) {
            if (!gate.enter() || closed) {
                return;
            }
            bush.resizer.splitAt(plan.indices()[k], plan.buckets()[k]);
            gate.exit();
            long pause = paceNanos;
            if (pause > 0) {
                LockSupport.parkNanos(pause);
            }
        }
    }

    @Override
    public boolean startShrink() {
        return false;
    }

    @Override
    public boolean inProgress() {
        Thread t = worker;
        return (t != null && t.isAlive()) || bush.resizing.get() > 0;
    }

    @Override
    public boolean callersMigrate() {
        return false; // a background thread splits the buckets
    }

    @Override
    public long migrationUnits() {
        // Paced growth splits every distinct bucket once, one at a time.
        PointerTable t = bush.root;
        long distinct = 0;
        if (t != null) {
            for (int j = 0; j <= t.mask; j++) {
                if (j < t.stride(j)) {
                    distinct++; // the first pointer-array entry of its bucket
                }
            }
        }
        return Math.max(1, distinct);
    }

    @Override
    public void pace(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("pace must not be negative: " + nanos);
        }
        paceNanos = nanos;
        gate.open();
    }

    @Override
    public void hold() {
        gate.hold();
    }

    @Override
    public boolean step() throws InterruptedException {
        return gate.step(this::inProgress);
    }

    @Override
    public void awaitQuiescent() throws InterruptedException {
        Thread t = worker;
        if (t != null) {
            t.join();
        }
        while (bush.resizing.get() > 0) {
            Thread.sleep(1);
        }
    }

    void close() {
        closed = true;
        gate.open(); // a held thread must be able to see closed
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
