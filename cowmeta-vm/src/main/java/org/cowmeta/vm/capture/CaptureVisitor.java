package org.cowmeta.vm.capture;

/**
 * Receives the records of a capture in file order while {@link CaptureReader} streams it, so
 * that a capture far larger than memory can be summarised or loaded selectively. The reader
 * has already checked every record against the format (ordering, ranges) before it calls.
 * Every method does nothing by default.
 */
public interface CaptureVisitor {

    /** A {@code #} line; {@code text} is what follows the '#' and one optional space. */
    default void comment(String text) {}

    /** The {@code frames} line: the host's number of page frames and its page size (4096). */
    default void frames(long frames, int pageSize) {}

    /** A {@code K} line: frame {@code frame} is mapped {@code count >= 1} times. Ascending frames. */
    default void count(long frame, long count) {}

    /** A {@code P} line: the pages that follow belong to this process. */
    default void process(int pid, int ppid, String comm) {}

    /** An {@code M} line of the last process: virtual page {@code vpn} maps {@code frame}. Ascending vpn. */
    default void page(long vpn, long frame, int flags) {}

    /** The end of the capture, after its last record. */
    default void end() {}
}
