package org.cowmeta.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every user mistake: exit status 2 and one sentence on stderr, never a stack trace. */
class CliErrorsTest {
    record Outcome(int status, String out, String err) {}

    static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    static void assertUsageError(Outcome o, String mustMention) {
        assertEquals(2, o.status(), "exit status; stderr: " + o.err());
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), "one line on stderr: " + err);
        assertTrue(err.endsWith("."), "a sentence ends with a period: " + err);
        assertTrue(err.contains(mustMention), "mentions '" + mustMention + "': " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void unknownTableIsOneSentence() {
        assertUsageError(run("evaluate", "--tables", "no-such-table"), "unknown table 'no-such-table'");
        assertUsageError(run("micro", "--tables", "no-such-table"), "unknown table");
        assertUsageError(run("footprint", "--tables", "no-such-table"), "unknown table");
    }

    @Test
    void badProfileIsOneSentence() {
        assertUsageError(run("evaluate", "--profile", "slow"), "unknown profile 'slow'");
        assertUsageError(run("macro", "--profile", ""), "unknown profile");
    }

    @Test
    void badOutDirIsOneSentence(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUsageError(run("evaluate", "--out", file.toString()), "a-file");
        assertUsageError(run("micro", "--out", file.resolve("below").toString()), "below");
    }

    @Test
    void unknownScenarioCommandAndOption() {
        assertUsageError(run("evaluate", "--scenarios", "no-such-scenario"), "unknown scenario 'no-such-scenario'");
        assertUsageError(run("no-such-command"), "unknown command 'no-such-command'");
        assertUsageError(run("no-such-command", "--help"), "unknown command 'no-such-command'");
        assertUsageError(run("no-such-command", "--version"), "unknown command 'no-such-command'");
        assertUsageError(run("evaluate", "--no-such-option"), "--no-such-option");
        assertUsageError(run(), "name a command");
    }

    @Test
    void impossibleValues(@TempDir Path tmp) {
        assertUsageError(run("footprint", "--frames", "0"), "--frames");
        assertUsageError(run("footprint", "--frames", "many"), "--frames");
        // More than the heap holds: refused before the first table is filled, with what it needs.
        assertUsageError(run("footprint", "--frames", "2000000000", "--memory-gib", "65536"), "MiB");
        assertUsageError(run("report", tmp.resolve("missing").toString()), "not a directory");
        assertUsageError(run("report", tmp.toString()), "results.json");
    }

    @Test
    void aCaptureOfAHostTooLargeToReplayIsOneSentence(@TempDir Path tmp) throws Exception {
        // 4e9 frames (16 TB): struct page alone would need 256 GB; nothing may be started or written.
        Path capture = tmp.resolve("huge-host.txt");
        Files.writeString(capture, "cowmeta-capture 1\nframes 4000000000 page_size 4096\nK 10 2\nK 11 2\n"
                + "P 1 0 p\nM 100 10 4\nM 101 11 4\nP 2 1 c\nM 100 10 4\nM 101 11 4\n");
        Path out = tmp.resolve("results");
        assertUsageError(run("replay", "--quick", "--out", out.toString(), capture.toString()), "MiB");
        try (var left = Files.exists(out) ? Files.list(out) : java.util.stream.Stream.<Path>empty()) {
            assertEquals(0, left.count(), "no results directory for a replay that never started");
        }
    }

    @Test
    void helpEverywhere() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Outcome o = run(command, "--help");
            assertEquals(0, o.status(), command + " --help");
            assertTrue(o.out().contains("Usage: cowmeta " + command), command + " --help prints usage: " + o.out());
        }
        assertTrue(run("--help").out().contains("evaluate"));
    }

    /** A lone '%' in a description makes picocli warn on stderr and print the text unformatted. */
    @Test
    void everyDescriptionIsAValidFormat() {
        PrintStream saved = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            run("--help");
            for (String command : Main.commandLine().getSubcommands().keySet()) {
                run(command, "--help");
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), "picocli warnings");
    }
}
