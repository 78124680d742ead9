package org.cowmeta.tables;

import java.util.Optional;

/**
 * Lets tests and the lab start a resize on purpose and watch it, so that operations can be
 * checked and measured while it is in progress. Designs that never resize have none.
 */
public interface ResizeControl {

    /** Starts growing (doubling, or the design's equivalent) now; false if it cannot. */
    boolean startGrow();

    /** Starts shrinking now; false if the design or its configuration never shrinks. */
    boolean startShrink();

    /** Whether a resize has started and not finished. */
    boolean inProgress();

    /**
     * Slows the migration so that it stays in progress long enough to be observed: a background
     * worker pauses {@code nanos} after each unit of migration work (a bucket, a block); in
     * designs whose callers migrate, the callers take at most one unit per {@code nanos} between
     * them and nobody waits ({@link HelpPacing}). Either way a resize of
     * {@link #migrationUnits()} units lasts about that many times {@code nanos}, unless the
     * design's own operations must move more (an insert that migrates its home bucket first).
     * 0 restores full speed. It also ends a {@link #hold()}.
     */
    void pace(long nanos);

    /**
     * Holds the migration, for a test that needs an exact interleaving: from now on no unit of
     * migration work (the unit {@link #pace} counts) starts on its own — a background worker
     * waits before its next unit, cooperative callers stop helping — until {@link #step()} runs
     * one, or {@link #pace} lets the migration go again. Work an operation must do itself to
     * proceed (an insert into a full array, a full bucket that splits) is not held.
     */
    void hold();

    /**
     * While {@linkplain #hold() held}: runs the next unit of migration work of the resize in
     * progress (in the worker, or in the calling thread for designs whose callers migrate) and
     * returns once it is done. False when no unit was left: the resize has finished, or finishes
     * with work other threads have already claimed.
     */
    boolean step() throws InterruptedException;

    /**
     * How many units of migration work (the unit {@link #pace} pauses after) a resize of the
     * table as it is now takes, so that a caller can choose a pace that makes a resize last a
     * given time: buckets for a bucket-by-bucket migration, blocks or stripes for designs that
     * migrate in larger pieces.
     */
    long migrationUnits();

    /**
     * Whether the table's own operations do the migration work (cooperative resizing, as growt
     * and Click's map do) rather than a background worker; then the measured operations pay for
     * the migration, where a worker's design spends another core on it.
     */
    boolean callersMigrate();

    /** Waits until no resize is in progress (helping if the design lets callers help). */
    void awaitQuiescent() throws InterruptedException;

    /**
     * Waits until {@code table} has no resize in progress, if it has a resize control: a footprint
     * read at rest holds one array, not the two of a resize under way (a background worker's
     * resize may begin or end at any moment after the operations that asked for it returned).
     */
    static void awaitAtRest(RefCountTable table) {
        Optional<ResizeControl> control = table.resizeControl();
        if (control.isEmpty()) {
            return;
        }
        try {
            control.get().awaitQuiescent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a resize to finish", e);
        }
    }
}
