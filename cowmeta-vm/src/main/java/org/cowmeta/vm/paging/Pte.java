package org.cowmeta.vm.paging;

/**
 * The page-table entry format, x86-64-like: bit 0 present, bit 1 writable, bit 2 user, bits
 * 12-51 the frame number (40 bits, exactly cowmeta's frame range), and bit 9 (one of the bits
 * x86 leaves to software) marking an entry <i>write-protected for sharing</i>: the frame below
 * may be shared, and a write through this entry must run the copy-on-write fault handler.
 * A present entry is either writable or COW-protected, never both.
 *
 * <p>As on x86, a write needs the writable bit at every level of the walk, so one protected
 * entry high in the tree protects the whole subtree below it: that is what makes an O(1)
 * morsel copy possible.
 */
public final class Pte {
    public static final long PRESENT = 1L;
    public static final long WRITABLE = 1L << 1;
    public static final long USER = 1L << 2;
    public static final long COW = 1L << 9;
    public static final int FRAME_SHIFT = 12;
    public static final long FRAME_MASK = ((1L << 40) - 1) << FRAME_SHIFT;
    /** The absent entry. */
    public static final long NONE = 0;

    private Pte() {}

    /** A present entry for {@code frame}, writable or write-protected for sharing. */
    public static long make(long frame, boolean writable) {
        return PRESENT | USER | (writable ? WRITABLE : COW) | (frame << FRAME_SHIFT);
    }

    public static boolean present(long e) {
        return (e & PRESENT) != 0;
    }

    public static boolean writable(long e) {
        return (e & WRITABLE) != 0;
    }

    /** Whether a present entry is write-protected for sharing. */
    public static boolean cow(long e) {
        return (e & COW) != 0;
    }

    public static long frame(long e) {
        return (e & FRAME_MASK) >>> FRAME_SHIFT;
    }

    /** The same entry, write-protected for sharing (absent stays absent). */
    public static long writeProtect(long e) {
        return present(e) ? (e & ~WRITABLE) | COW : e;
    }

    /** The same entry, writable. */
    public static long makeWritable(long e) {
        return (e | WRITABLE) & ~COW;
    }

    public static String describe(long e) {
        if (!present(e)) {
            return "absent";
        }
        return "frame " + frame(e) + (writable(e) ? " rw" : " cow");
    }
}
