package org.cowmeta.vm.paging;

/**
 * Virtual-address arithmetic of the 4- and 5-level trees. A table at level L (1 maps 4 KiB
 * pages, 2 points at level-1 tables, ...) is indexed by address bits [12+9(L-1), 12+9L) and
 * covers {@code span(L)} bytes: 2 MiB at level 1, 1 GiB at 2, 512 GiB at 3, 256 TiB at 4.
 */
public final class Levels {
    public static final int MIN_ROOT_LEVEL = 4;
    public static final int MAX_ROOT_LEVEL = 5;

    private Levels() {}

    public static int shift(int level) {
        return 12 + 9 * (level - 1);
    }

    /** The entry index of {@code va} in a table at {@code level}. */
    public static int index(long va, int level) {
        return (int) ((va >>> shift(level)) & 511);
    }

    /** Bytes covered by a table at {@code level} (an entry of a level-(L+1) table). */
    public static long span(int level) {
        return 1L << (12 + 9 * level);
    }

    /** Bytes covered by one entry of a table at {@code level}. */
    public static long entrySpan(int level) {
        return 1L << shift(level);
    }

    /** Bytes of virtual address space a tree whose root is at {@code rootLevel} covers. */
    public static long addressSpaceSize(int rootLevel) {
        return span(rootLevel);
    }

    public static void checkRootLevel(int rootLevel) {
        if (rootLevel != MIN_ROOT_LEVEL && rootLevel != MAX_ROOT_LEVEL) {
            throw new IllegalArgumentException("the root must be at level 4 or 5, not " + rootLevel);
        }
    }
}
