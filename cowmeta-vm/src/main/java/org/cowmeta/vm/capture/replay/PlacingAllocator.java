package org.cowmeta.vm.capture.replay;

import org.cowmeta.vm.memory.FrameAllocator;
import org.cowmeta.vm.system.AddressSpace;

/**
 * A frame allocator that lets replay put a captured page at its captured frame number: the
 * frames are first {@link #claim claimed} from the real allocator (so that no page table is
 * built in them), then {@link #populate} touches a page so that its first-touch fault gets that frame.
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

    /**
     * Writes {@code frame} as the tag of the page at {@code va} in {@code space}, a first touch
     * whose page gets {@code frame} if {@code claimed} (this replay claimed it and no other page
     * has it); returns whether the page maps {@code frame} afterwards. A placed frame the fault did
     * not take goes back to the real allocator.
     */
    boolean populate(AddressSpace space, long va, long frame, boolean claimed) {
        if (claimed) {
            next = frame;
        }
        space.write(va, frame);
        if (next >= 0) {
            real.free(next, 0); // not taken (cannot happen for a fresh page, but never leak it)
            next = -1;
        }
        return space.translate(va) == frame;
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
