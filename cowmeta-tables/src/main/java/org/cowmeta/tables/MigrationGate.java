package org.cowmeta.tables;

import java.util.function.BooleanSupplier;

/**
 * The hold of a background resize worker ({@link ResizeControl#hold()} and
 * {@link ResizeControl#step()}): while held, the worker waits before each unit of migration work
 * until a test lets exactly one through, so the test decides what runs between two units instead
 * of hoping that a race happens in time. Open (the default), it costs the worker one volatile
 * read per unit.
 *
 * <p>The worker brackets each unit with {@link #enter()} and {@link #exit()}; the test calls
 * {@link #step(BooleanSupplier)}. Cooperative designs need no gate: their step runs the unit in
 * the caller, and {@link HelpPacing#hold()} keeps the other callers from helping.
 */
public final class MigrationGate {
    private volatile boolean held;
    private boolean permit;
    private long exits;

    /** From now on the worker waits before each unit until {@link #step} lets it through. */
    public synchronized void hold() {
        held = true;
        permit = false;
    }

    /** Lets the worker run freely again (also on close, so a held worker can end). */
    public synchronized void open() {
        held = false;
        notifyAll();
    }

    /** Worker, before a unit: waits while held and not let through; false when interrupted (stop). */
    public boolean enter() {
        if (!held) {
            return true;
        }
        synchronized (this) {
            while (held && !permit) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            permit = false;
            return true;
        }
    }

    /** Worker, after a unit. */
    public synchronized void exit() {
        exits++;
        notifyAll();
    }

    /**
     * Lets one unit through and waits until it is done: true then; false when {@code inProgress}
     * turns false first (no unit was left: the resize finished).
     */
    public synchronized boolean step(BooleanSupplier inProgress) throws InterruptedException {
        long target = exits + 1;
        permit = true;
        notifyAll();
        while (exits < target) {
            if (!inProgress.getAsBoolean()) {
                permit = false;
                return exits >= target;
            }
            wait(1); // the resize may end without another exit(): look again
        }
        return true;
    }
}
