package org.cowmeta.tables;

/** Frame-number rules shared by every table. */
public final class Frames {
    /** Frames are 40-bit numbers: 4 PiB of 4 KiB frames. */
    public static final int FRAME_BITS = 40;
    public static final long LIMIT = 1L << FRAME_BITS;
    /** A frame's byte address is its number shifted by this: {@code frame << PAGE_SHIFT}. */
    public static final int PAGE_SHIFT = 12;
    /** Bytes of a frame (a 4 KiB base page). */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** Frames per 2 MiB area (a PMD huge page; LLFree hands out frames by such areas). */
    public static final int AREA_FRAMES = 512;
    /** struct page costs 64 bytes per frame in Linux. */
    public static final int STRUCT_PAGE_BYTES = 64;

    private Frames() {}

    /** Returns {@code frame} or throws {@link IllegalArgumentException} if it is not in [0, 2^40). */
    public static long check(long frame) {
        if ((frame >>> FRAME_BITS) != 0) {
            throw new IllegalArgumentException("frame " + frame + " is outside [0, 2^40)");
        }
        return frame;
    }

    /** Checks every frame of a batch before any is applied, so a bad batch changes nothing. */
    public static void checkAll(long[] frames, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, frames.length);
        for (int i = from; i < to; i++) {
            check(frames[i]);
        }
    }
}
