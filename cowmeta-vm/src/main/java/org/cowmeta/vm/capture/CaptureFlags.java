package org.cowmeta.vm.capture;

/** The bits of an {@code M} line's flags field (docs/capture-format.md). */
public final class CaptureFlags {
    /** A file page or a shared-anonymous page (pagemap bit 61). */
    public static final int FILE_OR_SHARED = 1;
    /** Mapped by this process only (pagemap bit 56). */
    public static final int EXCLUSIVE = 2;
    /** The VMA holding the page is writable ('w' in /proc/PID/maps). */
    public static final int WRITABLE = 4;
    /** Every defined bit; a capture with any other bit set is malformed. */
    public static final int ALL = FILE_OR_SHARED | EXCLUSIVE | WRITABLE;

    private CaptureFlags() {}
}
