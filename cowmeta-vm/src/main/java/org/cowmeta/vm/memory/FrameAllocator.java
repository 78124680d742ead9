package org.cowmeta.vm.memory;

/**
 * Hands out physical frames in naturally aligned blocks of 2^order frames. Order 0 is one 4 KiB
 * frame, order 9 a 2 MiB huge frame. Thread-safe.
 */
public interface FrameAllocator {

    /** Sentinel returned by {@link #allocate} when memory is exhausted. */
    long OUT_OF_MEMORY = -1;

    /**
     * Allocates a block of {@code 2^order} frames, aligned to its size, and returns its first frame,
     * or {@link #OUT_OF_MEMORY}. Uses the calling thread's reservation where the design has one.
     */
    long allocate(int order);

    /**
     * Frees a block returned by {@link #allocate} with the same order. A double free, a frame
     * this allocator does not own, or a wrong order is an {@link IllegalStateException} or
     * {@link IllegalArgumentException}, never silently absorbed.
     */
    void free(long frame, int order);

    /**
     * Allocates exactly {@code frame} (order 0) if it is free; false if it is taken. Replay uses
     * it to rebuild a captured host with its real frame numbers.
     */
    boolean claim(long frame);

    /** Frames currently free. Exact when quiescent. */
    long freeFrames();

    /** Frames managed in all. */
    long totalFrames();

    /** Whether {@code frame} is currently allocated (for the invariant checker). */
    boolean isAllocated(long frame);

    /** Bytes of allocator metadata (modeled as in the kernel). */
    long metadataBytes();
}
