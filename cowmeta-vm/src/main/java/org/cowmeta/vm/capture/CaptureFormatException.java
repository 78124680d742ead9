package org.cowmeta.vm.capture;

import java.io.IOException;

/**
 * A capture file that does not follow {@code cowmeta-capture 1}: names the file, the 1-based line
 * and what was expected there, so that a person can open the file at that line and see the fault.
 * Line 0 means the fault is in the file as a whole (e.g. it is empty).
 */
public final class CaptureFormatException extends IOException {
    private final String file;
    private final long line;
    private final String problem;

    public CaptureFormatException(String file, long line, String problem) {
        this(file, line, problem, null);
    }

    public CaptureFormatException(String file, long line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The file's name as the reader was given it. */
    public String file() {
        return file;
    }

    /** The 1-based line number, 0 when the fault is not on one line. */
    public long line() {
        return line;
    }

    /** What was wrong, without file and line. */
    public String problem() {
        return problem;
    }
}
