package org.cowmeta.vm.memory.llfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * LLFree's upper level: one 16-bit entry per tree of 32 areas (16384 frames, 64 MiB), a 15-bit
 * free counter and a reserved flag, in a packed array; and the search that reserves a tree for
 * a CPU. As in the artifact's {@code upper/array.rs}: reserving a tree moves its whole counter
 * to the CPU (the entry keeps free = 0, reserved = 1); frees by other CPUs keep adding to the
 * entry meanwhile; unreserving adds the CPU's remainder back and clears the flag.
 *
 * <p>Search order (artifact {@code Trees::reserve}): partially filled trees (more than 1024
 * free) in the vicinity of the CPU's last tree, alternating below and above, vicinity = a
 * quarter of the per-CPU share of trees; then partial-but-not-almost-free trees anywhere; then
 * almost free trees (at least 16384 - 1024 free); then any tree with enough frames. After a
 * fragmentation failure the almost free trees come first. A candidate is reserved by one CAS and
 * then tried in the lower level; if that fails, it is unreserved and the search goes on.
 */
final class TreeArray {

    /** Fewer free frames than this: "almost allocated" (1 << 10 in the artifact). */
    static final int ALMOST_ALLOCATED = 1 << 10;
    /** At least this many free: "almost free". */
    static final int ALMOST_FREE = LowerAllocator.TREE_FRAMES - (1 << 10);
    /** Tree entries per 64-byte cache line; the vicinity search starts at a line boundary. */
    private static final int ENTRIES_PER_LINE = 64 / Short.BYTES;

    private static final VarHandle SHORTS = MethodHandles.arrayElementVarHandle(short[].class);
    private static final int RESERVED = 0x8000;
    private static final int FREE_MASK = 0x7FFF;

    static final long NOT_FOUND = -1;

    private final short[] entries;
    private final long frames;
    private final LowerAllocator lower;

    TreeArray(long frames, LowerAllocator lower) {
        this.frames = frames;
        this.lower = lower;
        int count = (int) ((frames + LowerAllocator.TREE_FRAMES - 1) >>> LowerAllocator.TREE_ORDER);
        this.entries = new short[count];
        for (int i = 0; i < count; i++) {
            entries[i] = (short) capacity(i);
        }
        VarHandle.releaseFence();
    }

    int length() {
        return entries.length;
    }

    /** Frames tree i manages (the last tree may be cut off). */
    int capacity(long i) {
        return (int) Math.min(LowerAllocator.TREE_FRAMES, frames - (i << LowerAllocator.TREE_ORDER));
    }

    int free(int i) {
        return load(i) & FREE_MASK;
    }

    boolean reserved(int i) {
        return (load(i) & RESERVED) != 0;
    }

    private int load(int i) {
        return Short.toUnsignedInt((short) SHORTS.getVolatile(entries, i));
    }

    private boolean cas(int i, int expected, int value) {
        return SHORTS.compareAndSet(entries, i, (short) expected, (short) value);
    }

    /** Adds n free frames to the entry (reserved or not); returns the entry before. */
    int add(int i, int n) {
        int max = capacity(i);
        while (true) {
            int v = load(i);
            int free = (v & FREE_MASK) + n;
            if (free > max) {
                throw new IllegalStateException("tree " + i + " counter corrupted: " + (v & FREE_MASK) + " + " + n);
            }
            if (cas(i, v, (v & RESERVED) | free)) {
                return v;
            }
        }
    }

    /** Takes n frames from the entry if it has them (claim of a frame outside one's tree). */
    boolean take(int i, int n) {
        while (true) {
            int v = load(i);
            if ((v & FREE_MASK) < n) {
                return false;
            }
            if (cas(i, v, v - n)) {
                return true;
            }
        }
    }

    /** Reserves the tree if it is unreserved with free in [min, max); returns its free or -1. */
    int tryReserve(int i, int min, int max) {
        while (true) {
            int v = load(i);
            int free = v & FREE_MASK;
            if ((v & RESERVED) != 0 || free < min || free >= max) {
                return -1;
            }
            if (cas(i, v, RESERVED)) {
                return free;
            }
        }
    }

    /** Gives a CPU's remaining frames back and clears the reserved flag. */
    void unreserve(int i, int add) {
        int max = capacity(i);
        while (true) {
            int v = load(i);
            int free = (v & FREE_MASK) + add;
            if ((v & RESERVED) == 0 || free > max) {
                throw new IllegalStateException("unreserve of tree " + i + " corrupted: entry " + v + " + " + add);
            }
            if (cas(i, v, free)) {
                return;
            }
        }
    }

    /** Takes all frames freed into a reserved entry by other CPUs (LLFree's sync); -1 if not reserved. */
    int drainReserved(int i) {
        while (true) {
            int v = load(i);
            if ((v & RESERVED) == 0) {
                return -1;
            }
            if (cas(i, v, RESERVED)) {
                return v & FREE_MASK;
            }
        }
    }

    /**
     * Reserves a tree and allocates 2^order frames in it. Returns {@link #packed} (the CPU's free
     * count after the allocation, the frame) or {@link #NOT_FOUND}.
     */
    long reserve(int order, int cpus, long startTree, boolean fragmented) {
        long r;
        if (fragmented) {
            r = reserveFree(startTree, order);
            if (r == NOT_FOUND) {
                r = reservePartial(cpus, startTree, order);
            }
        } else {
            r = reservePartial(cpus, startTree, order);
            if (r == NOT_FOUND) {
                r = reserveFree(startTree, order);
            }
        }
        return r == NOT_FOUND ? reserveAny(startTree, order) : r;
    }

    long reserveFree(long startTree, int order) {
        int len = entries.length;
        for (int k = 0; k < len; k++) {
            long r = tryTree((int) ((startTree + k) % len), ALMOST_FREE, Integer.MAX_VALUE, order);
            if (r != NOT_FOUND) {
                return r;
            }
        }
        return NOT_FOUND;
    }

    long reservePartial(int cpus, long startTree, int order) {
        int len = entries.length;
        int vicinity = Math.max(1, (len / cpus) / 4);
        long start = (startTree + len) / ENTRIES_PER_LINE * ENTRIES_PER_LINE;
        // Near the last tree, partial or free trees are both welcome: scanning them is cheap.
        for (int k = 0; k < vicinity; k++) {
            long r = tryTree(alternating(start, k, len), ALMOST_ALLOCATED, Integer.MAX_VALUE, order);
            if (r != NOT_FOUND) {
                return r;
            }
        }
        for (int k = vicinity; k <= len; k++) {
            long r = tryTree(alternating(start, k, len), ALMOST_ALLOCATED, ALMOST_FREE, order);
            if (r != NOT_FOUND) {
                return r;
            }
        }
        return NOT_FOUND;
    }

    /** Fallback: any tree with at least 2^order free frames. */
    long reserveAny(long startTree, int order) {
        int len = entries.length;
        for (int k = 0; k < len; k++) {
            long r = tryTree((int) ((startTree + k) % len), 1 << order, Integer.MAX_VALUE, order);
            if (r != NOT_FOUND) {
                return r;
            }
        }
        return NOT_FOUND;
    }

    /** Offsets 0, -1, +1, -2, +2, ... around start, modulo len. */
    private static int alternating(long start, int k, int len) {
        long off = (k & 1) == 0 ? k / 2 : -((k + 1) / 2);
        return (int) Math.floorMod(start + off, (long) len);
    }

    private long tryTree(int i, int min, int max, int order) {
        int free = tryReserve(i, min, max);
        if (free < 0) {
            return NOT_FOUND;
        }
        long treeStart = (long) i << LowerAllocator.TREE_ORDER;
        long frame = order == LowerAllocator.HUGE_ORDER
                ? lower.allocHuge(treeStart)
                : lower.allocSmall(treeStart, order);
        if (frame == LowerAllocator.NOT_FOUND) {
            unreserve(i, free); // fragmented: keep searching
            return NOT_FOUND;
        }
        return packed(free - (1 << order), frame);
    }

    static long packed(int freeAfter, long frame) {
        return ((long) freeAfter << 48) | frame;
    }

    static int packedFree(long packed) {
        return (int) (packed >>> 48);
    }

    static long packedFrame(long packed) {
        return packed & ((1L << 48) - 1);
    }
}
