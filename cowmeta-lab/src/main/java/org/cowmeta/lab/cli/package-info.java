/**
 * The command line ({@link org.cowmeta.lab.cli.Main}): picocli subcommands listed in one place,
 * {@code Main.COMMANDS}; a new command is one class with {@code @Command(name = ...)} and one line
 * there. Every user mistake is one sentence on stderr and exit status 2, never a stack trace.
 */
package org.cowmeta.lab.cli;
