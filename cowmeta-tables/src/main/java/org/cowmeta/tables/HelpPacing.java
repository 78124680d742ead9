package org.cowmeta.tables;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.cowmeta.tables.memory.VarHandles;

/**
 * The pace of a resize ({@link ResizeControl#pace}): which operations that find a cooperative
 * resize in progress take a unit of its migration work, or how long a background migrator
 * pauses between units ({@link #pauseAfterUnit}). At pace 0 every caller helps (and a migrator
 * does not pause), so a resize finishes as fast as it can be driven. At pace {@code p} the callers take at most one
 * unit per {@code p} nanoseconds between them: the first caller after the interval helps, the
 * others go on without helping, and nobody waits or sleeps, so a paced resize costs the
 * operations no more than its share of migration work.
 *
 * <p>Why not a pause after each unit, as a background worker takes: in a cooperative design the
 * pause would land inside an operation, which would then measure the pace, not the design.
 */
public final class HelpPacing {
    private static final VarHandle NEXT_TURN = VarHandles.field(MethodHandles.lookup(), HelpPacing.class, "nextTurn", long.class);

    /** System.nanoTime, or a test's clock (so a test of the interval does not depend on the scheduler). */
    private final LongSupplier clock;
    private volatile long paceNanos;
    /** While held ({@link ResizeControl#hold()}) nobody helps: the test steps the migration. */
    private volatile boolean held;
    /** System.nanoTime() from which the next caller may help (when paced). */
    private volatile long nextTurn;

    public HelpPacing() {
        this(System::nanoTime);
    }

    HelpPacing(LongSupplier clock) {
        this.clock = clock;
        this.nextTurn = clock.getAsLong();
    }

    /** Sets the pace; 0 (or less) for full speed. Ends a hold. */
    public void set(long nanos) {
        paceNanos = Math.max(0, nanos);
        nextTurn = clock.getAsLong();
        held = false;
    }

    /** From now on no caller helps, until {@link #set}: the migration advances only by explicit steps. */
    public void hold() {
        held = true;
    }

    /** Whether the migration is held: no unit starts on its own, only explicit steps run. */
    public boolean held() {
        return held;
    }

    /** The pace in nanoseconds per unit; 0 for full speed. */
    public long nanos() {
        return paceNanos;
    }

    /**
     * For a background migrator, after a unit at {@code paceNanos} per unit: sleeps until the next
     * unit is due (once at least {@code minSleepNanos} ahead of the schedule, so short paces are
     * kept by sleeping after a few units rather than by spinning on a CPU the measured threads
     * need) and returns the time the unit after it is due. At pace 0 it returns at once.
     */
    public static long pauseAfterUnit(long paceNanos, long due, long minSleepNanos) {
        long now = System.nanoTime();
        if (paceNanos <= 0) {
            return now;
        }
        due = Math.max(due, now - paceNanos) + paceNanos; // behind schedule: no credit to rush with later
        long ahead = due - now;
        if (ahead >= minSleepNanos) {
            LockSupport.parkNanos(ahead);
        }
        return due;
    }

    /** Whether the calling operation should take a unit of migration work now. */
    public boolean turn() {
        if (held) {
            return false;
        }
        long pace = paceNanos;
        if (pace == 0) {
            return true;
        }
        long now = clock.getAsLong();
        long due = nextTurn;
        return now - due >= 0 && NEXT_TURN.compareAndSet(this, due, now + pace);
    }
}
