package org.cowmeta.vm.testing;

import org.cowmeta.vm.memory.FrameAllocator;

/**
 * Fault injection: a {@link FrameAllocator} that passes everything to another but, once armed
 * with {@link #failAfter(long)}, lets that many allocations through and then fails every further
 * one until {@link #heal()}.
 */
public final class FailingAllocator implements FrameAllocator {
    private final FrameAllocator delegate;
    private volatile long remaining = Long.MAX_VALUE;
    private volatile long failures;

    public FailingAllocator(FrameAllocator delegate) {
        this.delegate = delegate;
    }

    /** The next {@code n} allocations succeed (if memory allows), every one after fails. */
    public synchronized void failAfter(long n) {
        remaining = n;
    }

    public synchronized void heal() {
        remaining = Long.MAX_VALUE;
    }

    /** Allocations refused so far. */
    public long failures() {
        return failures;
    }

    @Override
    public synchronized long allocate(int order) {
        if (remaining <= 0) {
            failures++;
            return OUT_OF_MEMORY;
        }
        if (remaining != Long.MAX_VALUE) {
            remaining--;
        }
        return delegate.allocate(order);
    }

    @Override
    public void free(long frame, int order) {
        delegate.free(frame, order);
    }

    @Override
    public boolean claim(long frame) {
        return delegate.claim(frame);
    }

    @Override
    public long freeFrames() {
        return delegate.freeFrames();
    }

    @Override
    public long totalFrames() {
        return delegate.totalFrames();
    }

    @Override
    public boolean isAllocated(long frame) {
        return delegate.isAllocated(frame);
    }

    @Override
    public long metadataBytes() {
        return delegate.metadataBytes();
    }
}
