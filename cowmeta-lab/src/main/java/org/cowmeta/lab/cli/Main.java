package org.cowmeta.lab.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The cowmeta command line: {@code evaluate} (the main job), {@code micro}, {@code macro},
 * {@code report}, {@code footprint}, and whatever else is listed in {@link #COMMANDS}.
 * A user mistake is one sentence on stderr and exit status 2 ({@link CliErrors}).
 */
@Command(name = "cowmeta", mixinStandardHelpOptions = true, version = "cowmeta 0.1.0",
        description = "What copy-on-write reference counts cost in a hash table instead of struct page, "
                + "and how cheap they can be made.",
        footer = "%nRun 'cowmeta evaluate' for the main job; 'cowmeta <command> --help' for a command's options.")
public final class Main implements Runnable {

    /**
     * Every subcommand, in the order of {@code --help}. Adding a command is one line here
     * (the command class carries its own {@code @Command(name = ...)}).
     */
    static final List<Supplier<Object>> COMMANDS = List.of(
            EvaluateCommand::new,
            MicroCommand::new,
            MacroCommand::new,
            ReportCommand::new,
            CompareCommand::new,
            FootprintCommand::new,
            TuneCommand::new,
            CaptureCommand::new,
            ReplayCommand::new,
            CalibrateCommand::new);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    /** Parses and runs {@code args}; returns the exit status (0 ok, 2 usage error, 1 failure). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (for tests: set its out and err writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Supplier<Object> c : COMMANDS) {
            cl.addSubcommand(c.get());
        }
        cl.addSubcommand(new CommandLine.HelpCommand());
        CliErrors errors = new CliErrors();
        cl.setExecutionStrategy(Main::refuseUnknownCommand);
        cl.setParameterExceptionHandler(errors);
        cl.setExecutionExceptionHandler(errors);
        return cl;
    }

    /**
     * picocli skips its check of unmatched arguments when help is asked for, so
     * {@code cowmeta no-such-command --help} would print the top-level help and exit 0:
     * an unknown command is refused whatever options follow it.
     */
    private static int refuseUnknownCommand(ParseResult parsed) {
        List<String> unmatched = parsed.unmatched();
        if (!parsed.hasSubcommand() && !unmatched.isEmpty() && !unmatched.getFirst().startsWith("-")) {
            throw new UnmatchedArgumentException(parsed.commandSpec().commandLine(), unmatched);
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
