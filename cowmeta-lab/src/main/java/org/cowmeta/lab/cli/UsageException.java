package org.cowmeta.lab.cli;

/**
 * A mistake in what the user asked for (an unknown name, an impossible value, an unusable
 * directory), found after parsing. The CLI prints its message as one sentence and exits with 2.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String sentence) {
        super(sentence);
    }
}
