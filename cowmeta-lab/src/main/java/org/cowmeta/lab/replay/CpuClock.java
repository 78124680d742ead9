package org.cowmeta.lab.replay;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU time in nanoseconds. Replay times with it rather than wall time:
 * on a shared, oversubscribed machine wall time mostly measures how long the thread waited for a
 * core, while CPU time counts only the work (caches and memory stalls included). Falls back to
 * wall time where the JVM cannot measure thread CPU time.
 */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

    private CpuClock() {}

    static long now() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** "thread CPU time" or "wall time", for the report. */
    static String kind() {
        return CPU ? "thread CPU time" : "wall time";
    }
}
