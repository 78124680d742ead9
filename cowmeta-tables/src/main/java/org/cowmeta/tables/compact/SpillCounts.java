package org.cowmeta.tables.compact;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact counts of frames whose count no longer fits an inline field: frame -> 64-bit counter.
 * Rare by design (an inline field of 12 bits spills only past 4094 references), so it favours
 * simplicity over footprint; its bytes are reported as the "overflow" part of a footprint.
 *
 * <p>Protocol: while a table's word for a frame says SPILLED, the counter here is the frame's
 * only count and lock-free updates go to it. Moving a count back inline first <i>seals</i> the
 * counter (a terminal value): an updater that meets a sealed or missing counter re-reads the
 * table word and retries, so no update is lost across a transition.
 */
public final class SpillCounts {
    /** A counter that no longer holds the count: re-read the table. */
    public static final long SEALED = Long.MIN_VALUE;
    /** Modeled kernel bytes per spilled count: {hash link, frame, count} in kmalloc-32. */
    public static final long MODELED_BYTES_PER_COUNT = 32;
    /** JVM bytes per spilled count: map node (32), boxed key (16), AtomicLong (16), table slot (8). */
    public static final long JVM_BYTES_PER_COUNT = 72;

    private final ConcurrentHashMap<Long, AtomicLong> counts = new ConcurrentHashMap<>();

    /** The frame's counter or null. */
    public AtomicLong counter(long frame) {
        return counts.get(frame);
    }

    /** Installs a new counter for {@code frame} holding {@code count}; returns it. */
    public AtomicLong open(long frame, long count) {
        AtomicLong c = new AtomicLong(count);
        counts.put(frame, c);
        return c;
    }

    /** Removes {@code counter} if it is still the frame's counter. */
    public void close(long frame, AtomicLong counter) {
        counts.remove(frame, counter);
    }

    /**
     * The current count, or {@link #SEALED} when the caller must re-read the table (the counter is
     * gone or sealed).
     */
    public long read(long frame) {
        AtomicLong c = counts.get(frame);
        return c == null ? SEALED : c.get();
    }

    /**
     * Adds {@code delta} unless the result would fall to {@code floor} or below; returns the new
     * count, {@link #SEALED} to re-read the table, or {@code floor} when the caller must move the
     * count back inline under its lock.
     */
    public long add(long frame, long delta, long floor) {
        AtomicLong c = counts.get(frame);
        if (c == null) {
            return SEALED;
        }
        for (;;) {
            long v = c.get();
            if (v == SEALED) {
                return SEALED;
            }
            long n = v + delta;
            if (n <= floor) {
                return floor;
            }
            if (c.compareAndSet(v, n)) {
                return n;
            }
        }
    }

    public long size() {
        return counts.size();
    }
}
