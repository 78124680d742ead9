package org.cowmeta.tables.rhashtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * The {@code run_work} work item and the kworker that runs it: {@link #schedule()} is
 * {@code schedule_work()} (a no-op while the work is already pending), the body is
 * {@code rht_deferred_worker()}, which returns true to reschedule itself. One daemon thread per
 * table, started by the first schedule, ended by {@link #stop()} ({@code cancel_work_sync()});
 * it also ends after 100 ms without work (and the next schedule starts another), so a table
 * that is never closed does not keep a thread.
 *
 * <p>The thread is kept in a static map, not in a field: the table's object graph is what its
 * JVM bytes are measured on, and a Thread drags in class loaders and more that are not data.
 */
final class DeferredWorker {
    private static final VarHandle PENDING = VarHandles.field(MethodHandles.lookup(), DeferredWorker.class, "pending", boolean.class);
    private static final Map<DeferredWorker, Thread> THREADS = new ConcurrentHashMap<>();
    private static final long IDLE_EXIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final BooleanSupplier body;
    private volatile boolean pending;
    private volatile boolean running;
    private volatile boolean stopped;
    private volatile boolean everStarted;
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
        Thread t = THREADS.get(this);
        if (t == null) {
            t = start();
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private synchronized Thread start() {
        Thread t = THREADS.get(this);
        if (t == null && !stopped) {
            t = Thread.ofPlatform().daemon(true).name(name).unstarted(this::loop);
            THREADS.put(this, t);
            everStarted = true;
            t.start();
        }
        return t;
    }

    private void loop() {
        long idleSince = System.nanoTime();
        while (!stopped) {
            if (!pending) {
                if (System.nanoTime() - idleSince > IDLE_EXIT_NANOS && exitIfIdle()) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_EXIT_NANOS);
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
            idleSince = System.nanoTime();
        }
    }

    /** A schedule that set pending before this runs finds this thread; one after it starts another. */
    private synchronized boolean exitIfIdle() {
        if (pending) {
            return false;
        }
        THREADS.remove(this, Thread.currentThread());
        return true;
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

    /** The worker thread now running, if any (tests). */
    Thread thread() {
        return THREADS.get(this);
    }

    /** Whether a worker thread was ever started (tests: nothing scheduled a resize). */
    boolean everStarted() {
        return everStarted;
    }

    /** cancel_work_sync(): no new runs; waits for a running one (the body checks {@link #stopped()}). */
    void stop() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = THREADS.remove(this);
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            LockSupport.unpark(t);
            try {
                t.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** JVM bytes of this object, its name and the lambda it runs (the thread is not counted). */
    static long jvmBytes() {
        long self = JvmLayout.instance(0, 0, 3, 4);
        long lambda = JvmLayout.instance(0, 0, 1, 0);
        long name = JvmLayout.instance(0, 1, 1, 2) + JvmLayout.array("rhashtable-worker".length(), 1);
        return self + lambda + name;
    }
}
