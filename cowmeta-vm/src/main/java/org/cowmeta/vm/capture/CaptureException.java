package org.cowmeta.vm.capture;

/**
 * A capture that cannot be taken, with a message meant for the person at the terminal: one
 * sentence that says what is wrong and what to do (not Linux, not root, no such process, no
 * space left). No output file is left behind when it is thrown.
 */
public final class CaptureException extends Exception {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
