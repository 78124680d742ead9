package org.cowmeta.tables.rhashtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The {@code run_work} work item and the kworker that runs it: {@link #schedule()} is
 * {@code schedule_work()} (a no-op while the work is already pending), the body is
 * {@code rht_deferred_worker()}, which returns true to reschedule itself. One daemon thread,
 * started on the first schedule; {@link #stop()} is {@code cancel_work_sync()}.
 */
final class DeferredWorker {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(DeferredWorker.class, "pending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final BooleanSupplier body;
    private volatile boolean pending;
    private volatile boolean running;
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile Throwable failure;

    DeferredWorker(String name, BooleanSupplier body) {
        this.name = name;
        this.body = body;
    }

    /** schedule_work(): marks the work pending and wakes the worker; cheap when already pending. */
    void schedule() {
        if (pending || stopped) {
            return;
        }
        if (!PENDING.compareAndSet(this, false, true)) {
            return;
        }
        Thread t = thread;
        if (t == null) {
            t = start();
        }
        LockSupport.unpark(t);
    }

    private synchronized Thread start() {
        Thread t = thread;
        if (t == null) {
            t = Thread.ofPlatform().daemon(true).name(name).unstarted(this::loop);
            thread = t;
            t.start();
        }
        return t;
    }

    private void loop() {
        while (!stopped) {
            if (!pending) {
                LockSupport.park(this);
                continue;
            }
            // running goes up before pending goes down, so that an observer never sees neither.
            running = true;
            pending = false;
            try {
                if (body.getAsBoolean() && !stopped) {
                    pending = true;
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                running = false;
            }
        }
    }

    /** Whether the work is pending or running. */
    boolean busy() {
        return pending || running;
    }

    boolean stopped() {
        return stopped;
    }

    /** The last exception the work threw, if any (tests assert there is none). */
    Throwable failure() {
        return failure;
    }

    boolean started() {
        return thread != null;
    }

    /** cancel_work_sync(): no new runs; waits for a running one (the body checks {@link #stopped()}). */
    void stop() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            LockSupport.unpark(t);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
