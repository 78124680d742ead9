package org.cowmeta.vm.memory.llfree;

/**
 * The per-CPU word of LLFree's {@code ReservedTree}: the free frames the CPU holds of its
 * reserved tree (16 bits), a lock bit set while the CPU reserves a new tree, and the frame where
 * the next search starts, stored divided by 64 (47 bits; all ones = no tree). Packed in one long
 * so that taking frames and moving the start are single CASes.
 */
final class ReservedTree {

    private static final int FREE_BITS = 16;
    private static final long FREE_MASK = (1L << FREE_BITS) - 1;
    private static final long LOCKED = 1L << FREE_BITS;
    private static final int START_SHIFT = FREE_BITS + 1;
    private static final long START_NONE = (1L << 47) - 1;

    /** No tree reserved, not locked. */
    static final long NONE = START_NONE << START_SHIFT;

    private ReservedTree() {}

    static long of(int free, long startFrame) {
        return ((startFrame >>> 6) << START_SHIFT) | free;
    }

    static int free(long v) {
        return (int) (v & FREE_MASK);
    }

    static boolean locked(long v) {
        return (v & LOCKED) != 0;
    }

    static boolean hasStart(long v) {
        return (v >>> START_SHIFT) != START_NONE;
    }

    static long start(long v) {
        return (v >>> START_SHIFT) << 6;
    }

    /** Tree index of the reserved tree, or -1. */
    static long tree(long v) {
        return hasStart(v) ? (v >>> START_SHIFT) >>> (LowerAllocator.TREE_ORDER - 6) : -1;
    }

    static long withFree(long v, int free) {
        return (v & ~FREE_MASK) | free;
    }

    static long withStart(long v, long startFrame) {
        return (v & (FREE_MASK | LOCKED)) | ((startFrame >>> 6) << START_SHIFT);
    }

    static long withLocked(long v, boolean locked) {
        return locked ? v | LOCKED : v & ~LOCKED;
    }

    static String toString(long v) {
        return "ReservedTree{free=" + free(v) + ", locked=" + locked(v)
                + ", start=" + (hasStart(v) ? Long.toString(start(v)) : "none") + "}";
    }
}
