package org.cowmeta.lab.kernel;

/**
 * There is no C compiler to build the kernel probe with, so this host's kernel cannot be
 * measured. The message is the one sentence the user is shown.
 */
public final class NoCompilerException extends Exception {
    public NoCompilerException(String compiler) {
        super("no C compiler ('" + compiler + "') was found, so this host's kernel was not measured and the projections "
                + "onto it are left out");
    }
}
