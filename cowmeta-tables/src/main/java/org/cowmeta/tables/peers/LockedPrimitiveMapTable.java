package org.cowmeta.tables.peers;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableStats;

/**
 * A peer made of a single-threaded primitive long-to-long open-addressing map (fastutil, Agrona)
 * behind one lock: the simplest correct way a Java programmer would share such a map.
 *
 * <p>The map stores the count itself (always >= 2) and 0 stands for "absent", which both libraries
 * return for a missing key. Every operation takes the lock, so every operation is linearizable
 * (at its critical section). A batch takes the lock once for the whole batch, the one thing a
 * batch can do better than a loop here. Footprint: a peer has no kernel layout, so its modeled
 * bytes are its JVM bytes, computed by a formula over the map's capacity (verified against JOL).
 */
abstract class LockedPrimitiveMapTable implements RefCountTable {
    /** Modeled address of the map's object header; its arrays follow at the addresses below. */
    static final long MAP_ADDRESS = 0x7f00_0000_0000L;
    static final long KEYS_ADDRESS = 0x7f10_0000_0000L;
    static final long VALUES_ADDRESS = 0x7f20_0000_0000L;
    /** The adapter object and its ReentrantLock (with its Sync): fixed JVM bytes beside the map. */
    private static final long ADAPTER_BYTES = 16 + 16 + 32;

    private final ReentrantLock lock = new ReentrantLock();

    /** The stored count, 0 if absent. Called under the lock. */
    abstract long load(long frame);

    /** Stores a count >= 2. Called under the lock. */
    abstract void store(long frame, long count);

    /** Removes the entry. Called under the lock. */
    abstract void delete(long frame);

    abstract long size();

    /** Slots of the map (its arrays' length). Called under the lock. */
    abstract long capacity();

    /** JVM bytes of the map object and its arrays. Called under the lock. */
    abstract long mapBytes();

    /** Entries visited by a hit, summed over all entries, and the longest; scans the map. Under the lock. */
    abstract long[] probeTotals();

    /** The slot a lookup of {@code frame} would look at first, for trace(). Under the lock. */
    abstract long homeSlot(long frame);

    /** Whether slot {@code slot} holds {@code frame} or is empty (a lookup stops there). Under the lock. */
    abstract boolean stopsAt(long slot, long frame);

    /** Whether keys and values are in two arrays (fastutil) or interleaved in one (Agrona). */
    abstract boolean interleaved();

    @Override
    public long get(long frame) {
        Frames.check(frame);
        lock.lock();
        try {
            long c = load(frame);
            return c == 0 ? 1 : c;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long increment(long frame) {
        Frames.check(frame);
        lock.lock();
        try {
            return incrementLocked(frame);
        } finally {
            lock.unlock();
        }
    }

    private long incrementLocked(long frame) {
        long c = load(frame);
        long next = c == 0 ? 2 : c + 1;
        store(frame, next);
        return next;
    }

    @Override
    public long decrement(long frame) {
        Frames.check(frame);
        lock.lock();
        try {
            return decrementLocked(frame);
        } finally {
            lock.unlock();
        }
    }

    private long decrementLocked(long frame) {
        long c = load(frame);
        if (c == 0) {
            return 0;
        }
        if (c == 2) {
            delete(frame);
            return 1;
        }
        store(frame, c - 1);
        return c - 1;
    }

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        Frames.checkAll(frames, from, to);
        lock.lock();
        try {
            for (int i = from; i < to; i++) {
                incrementLocked(frames[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        Frames.checkAll(frames, from, to);
        lock.lock();
        try {
            for (int i = from; i < to; i++) {
                if (decrementLocked(frames[i]) == 0) {
                    // Under the lock: remembering the released frames for later would allocate.
                    released.accept(frames[i]);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void seed(long frame, long count) {
        Frames.check(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        lock.lock();
        try {
            if (count == 1) {
                delete(frame);
            } else {
                store(frame, count);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long entries() {
        lock.lock();
        try {
            return size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Footprint footprint() {
        long map;
        lock.lock();
        try {
            map = mapBytes();
        } finally {
            lock.unlock();
        }
        // No kernel layout: modeled bytes are the JVM bytes.
        return Footprint.builder()
                .modeled("map", map).modeled("adapter", ADAPTER_BYTES)
                .jvm("map", map).jvm("adapter", ADAPTER_BYTES)
                .build();
    }

    @Override
    public TableStats stats() {
        lock.lock();
        try {
            long[] probes = probeTotals();
            long n = size();
            return new TableStats(n, capacity(), 0, false, n == 0 ? 0 : (double) probes[0] / n, probes[1], Map.of());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        Frames.check(frame);
        lock.lock();
        try {
            // The lock word (in the adapter's lock) and the map object's fields (array references, mask).
            trace.load(MAP_ADDRESS - 64, 8);
            trace.load(MAP_ADDRESS, 48);
            long slot = homeSlot(frame);
            long cap = capacity();
            boolean first = true;
            for (long probed = 0; probed < cap; probed++, slot = (slot + 1) % cap) {
                long keyAddress = interleaved() ? KEYS_ADDRESS + 16 + slot * 16 : KEYS_ADDRESS + 16 + slot * 8;
                if (first) {
                    // The array reference came from the map object: the first probe is dependent.
                    trace.load(keyAddress, 8);
                    first = false;
                } else {
                    trace.touch(keyAddress, 8);
                }
                if (stopsAt(slot, frame)) {
                    if (!interleaved()) {
                        trace.touch(VALUES_ADDRESS + 16 + slot * 8, 8);
                    }
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // Nothing off-heap, no workers: the map is garbage once the table is dropped.
    }
}
