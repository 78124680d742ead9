package org.cowmeta.tables.contract;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.cowmeta.tables.ResizeControl;

/**
 * Drives a resize unit by unit ({@link ResizeControl#hold()}, {@link ResizeControl#step()}) and,
 * before the first unit and after every {@code every}-th, waits until the threads under test have
 * made {@code progress} (completed sweeps, operations): so operations provably run while the
 * table is part-migrated, whatever the scheduler does, and no test has to hope that a race
 * happened within some time.
 *
 * <p>Updaters may have to wait for the migration itself (an rhashtable insert whose chain is too
 * long waits for the worker's rehash; a full array waits for its successor): for them the driver
 * is built {@linkplain #updaters stepping when stalled}, so that a handshake whose counter stops
 * moving advances the migration by a unit instead of waiting forever. Readers never wait for a
 * migration, so their handshakes wait for the sweeps however long the scheduler takes.
 */
public final class SteppedResize {
    private final ResizeControl control;
    private final LongSupplier progress;
    private final long progressBetween;
    private final BooleanSupplier abandon;
    private final boolean stepWhenStalled;
    private long handshakes;

    /** Yields without any progress after which a driver of updaters steps the migration on. */
    private static final int STALL_YIELDS = 2_000;

    /**
     * @param progress        a counter the threads under test advance (monotonic)
     * @param progressBetween how far it must advance at each handshake
     * @param abandon         true when the threads under test have stopped (a failure): the
     *                        driver then finishes the resize without waiting for them
     */
    private SteppedResize(ResizeControl control, LongSupplier progress, long progressBetween, BooleanSupplier abandon,
                          boolean stepWhenStalled) {
        this.control = control;
        this.progress = progress;
        this.progressBetween = progressBetween;
        this.abandon = abandon;
        this.stepWhenStalled = stepWhenStalled;
    }

    /** A driver whose handshakes wait for readers (threads that never wait for the migration). */
    public static SteppedResize readers(ResizeControl control, LongSupplier progress, long progressBetween,
                                        BooleanSupplier abandon) {
        return new SteppedResize(control, progress, progressBetween, abandon, false);
    }

    /** A driver whose handshakes wait for updaters, stepping the migration on when they stall on it. */
    public static SteppedResize updaters(ResizeControl control, LongSupplier progress, long progressBetween,
                                         BooleanSupplier abandon) {
        return new SteppedResize(control, progress, progressBetween, abandon, true);
    }

    /**
     * Starts a grow or a shrink held, steps it to the end with handshakes every {@code every}
     * units, then lets the migration run freely again and waits until the table is quiet. Returns
     * whether the resize could be started (a resize the table began on its own is finished first
     * and counts as not started).
     */
    public boolean run(boolean grow, long every) throws InterruptedException {
        control.hold();
        boolean started = grow ? control.startGrow() : control.startShrink();
        if (started) {
            handshake();
            for (long units = 1; control.step(); units++) {
                if (units % every == 0) {
                    handshake();
                }
            }
        }
        control.pace(0);
        control.awaitQuiescent();
        return started;
    }

    /** Handshakes made so far (each one a point where the others ran while a resize was in progress). */
    public long handshakes() {
        return handshakes;
    }

    private void handshake() throws InterruptedException {
        long seen = progress.getAsLong();
        long target = seen + progressBetween;
        int idle = 0;
        while (seen < target && !abandon.getAsBoolean()) {
            Thread.yield(); // two cores: let the threads under test run
            long now = progress.getAsLong();
            if (now != seen) {
                seen = now;
                idle = 0;
            } else if (stepWhenStalled && ++idle == STALL_YIELDS) {
                idle = 0;
                control.step(); // they wait for the migration: give them a unit of it
            }
        }
        handshakes++;
    }
}
