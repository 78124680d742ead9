package org.cowmeta.vm.capture.replay;

import org.cowmeta.vm.memory.FrameAllocator;

/**
 * A frame allocator that lets replay put a captured page at its captured frame number: the
 * frames are first {@link #claim claimed} from the real allocator (so that no page table is
 * built in them), then {@link #place(long)} makes the next order-0 allocation return that frame.
 * The fault handler of a first touch reserves its frames before it uses them and gives the first
 * one reserved to the page; replay checks after each touch that the page got its frame and counts
 * the ones that did not ("unplaced"), so nothing depends on that order silently.
 *
 * <p>Everything else goes to the real allocator. For one replaying thread only.
 */
final class PlacingAllocator implements FrameAllocator {
    private final FrameAllocator real;
    private long next = -1;

    PlacingAllocator(FrameAllocator real) {
        this.real = real;
    }

    /** The next order-0 allocation returns {@code frame} (which must be claimed already). */
    void place(long frame) {
        next = frame;
    }

    /** The frame placed and not taken yet, or -1; clears it. */
    long unused() {
        long f = next;
        next = -1;
        return f;
    }

    @Override
    public long allocate(int order) {
        if (order == 0 && next >= 0) {
            long f = next;
            next = -1;
            return f;
        }
        return real.allocate(order);
    }

    @Override
    public void free(long frame, int order) {
        real.free(frame, order);
    }

    @Override
    public boolean claim(long frame) {
        return real.claim(frame);
    }

    @Override
    public long freeFrames() {
        return real.freeFrames();
    }

    @Override
    public long totalFrames() {
        return real.totalFrames();
    }

    @Override
    public boolean isAllocated(long frame) {
        return real.isAllocated(frame);
    }

    @Override
    public long metadataBytes() {
        return real.metadataBytes();
    }
}
