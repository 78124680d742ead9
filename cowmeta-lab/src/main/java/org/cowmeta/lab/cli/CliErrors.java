package org.cowmeta.lab.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every user mistake into one clear sentence on stderr and exit status 2, with no stack
 * trace: picocli's parse errors (unknown option or command, bad value) and {@link UsageException}s
 * thrown by a command. Anything else is a bug and keeps its stack trace (exit status 1).
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !cmd.getSubcommands().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().getFirst() + "'; commands are "
                    + String.join(", ", cmd.getSubcommands().keySet());
        }
        print(cmd.getErr(), cmd, message);
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        if (ex instanceof UsageException) {
            print(cmd.getErr(), cmd, ex.getMessage());
            return USAGE;
        }
        throw ex;
    }

    /** "cowmeta evaluate: <message> (see 'cowmeta evaluate --help')." on one line. */
    private static void print(PrintWriter err, CommandLine cmd, String message) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        String m = message.strip();
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        if (!m.isEmpty()) {
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        err.println(name + ": " + m.replace('\n', ' ') + " (see '" + name + " --help').");
        err.flush();
    }
}
