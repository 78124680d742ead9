package org.cowmeta.tables;

import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A map from frame number to reference count in which <b>an absent frame counts 1</b>: only
 * counted frames (count >= 2) are stored. This is the contract every table in cowmeta keeps,
 * and the only thing the simulator and the lab know of a table.
 *
 * <p>Semantics: {@code increment} of an absent frame inserts it with count 2; {@code decrement}
 * from 2 to 1 removes the entry; {@code decrement} of an absent frame returns 0 and stores
 * nothing (the last reference is gone). Counts are exact up to at least 2^32. A frame outside
 * {@code [0, 2^40)} is an {@link IllegalArgumentException} and leaves the table untouched.
 *
 * <p>Every implementation in the {@link org.cowmeta.tables.registry.TableRegistry} is thread-safe and each single-frame
 * operation is linearizable. Batch calls are not atomic as a whole: each frame's update is
 * linearizable on its own.
 */
public interface RefCountTable extends AutoCloseable {

    /** The count of {@code frame}; 1 when it has no entry. */
    long get(long frame);

    /** Adds one reference; returns the new count (an absent frame becomes 2 and is inserted). */
    long increment(long frame);

    /**
     * Drops one reference; returns the new count. From 2 the entry is removed (count 1); an
     * absent frame returns 0: its last reference is gone and nothing is stored.
     */
    long decrement(long frame);

    /**
     * Looks up every frame in {@code frames[from, to)}: {@code counts[i - from]} receives the
     * count of {@code frames[i]}, as {@link #get} would return it. Every frame is checked before
     * any is looked up. Implementations should overlap the lookups' cache misses (compute every
     * home first, load them, then resolve).
     */
    default void getAll(long[] frames, int from, int to, long[] counts) {
        Frames.checkAll(frames, from, to);
        if (counts.length < to - from) {
            throw new IllegalArgumentException("counts holds " + counts.length + " values, the batch has " + (to - from));
        }
        for (int i = from; i < to; i++) {
            counts[i - from] = get(frames[i]);
        }
    }

    /**
     * Increments every frame in {@code frames[from, to)} (a frame may repeat). Every frame is
     * checked before any is applied, so a batch with a bad frame changes nothing. Implementations
     * should do better than a loop: group by bucket, lock once per group, issue the loads of the
     * batch before resolving any.
     */
    default void incrementAll(long[] frames, int from, int to) {
        Frames.checkAll(frames, from, to);
        for (int i = from; i < to; i++) {
            increment(frames[i]);
        }
    }

    /**
     * Decrements every frame in {@code frames[from, to)}; {@code released} receives each frame
     * whose count reached 0 (in no particular order).
     */
    default void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        Frames.checkAll(frames, from, to);
        for (int i = from; i < to; i++) {
            if (decrement(frames[i]) == 0) {
                released.accept(frames[i]);
            }
        }
    }

    /**
     * Sets the count of {@code frame} to {@code count >= 1} (1 removes its entry). For loading a
     * captured snapshot and for tests that need counts near 2^32; it is exact only when no other
     * thread updates the same frame at the same time.
     */
    void seed(long frame, long count);

    /** The number of counted frames (entries). Exact when quiescent. */
    long entries();

    /** Modeled (kernel) bytes and JVM bytes, each split by part. */
    Footprint footprint();

    /** Resizes done and in progress, capacity, chain or probe lengths. */
    TableStats stats();

    /**
     * Records in {@code trace} the memory accesses that {@code op} on {@code frame} would make now,
     * without changing the table: the deterministic cost (cache lines, dependent loads).
     */
    void trace(Op op, long frame, AccessTrace trace);

    /** Control over resizing for tests and the lab's ongoing-resize benchmarks, if the design resizes. */
    default Optional<ResizeControl> resizeControl() {
        return Optional.empty();
    }

    /** Releases off-heap memory and stops background workers. The table is unusable after. */
    @Override
    void close();

    /** The kinds of single-frame operation, for {@link #trace}. */
    enum Op { GET, INCREMENT, DECREMENT }
}
