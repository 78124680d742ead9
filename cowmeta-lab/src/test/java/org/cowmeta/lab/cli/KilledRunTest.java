package org.cowmeta.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cowmeta.lab.results.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL never leaves a complete-looking results directory with missing files.
 * A replay runs in a JVM of its own and is killed at a spread of moments from its start to past
 * its end (whatever each kill hits, the rule must hold; no kill has to land anywhere in particular):
 * after each, every directory without {@code .partial} holds all the files a finished run writes.
 */
class KilledRunTest {
    @TempDir
    Path dir;

    @Test
    void aKilledReplayLeavesNoIncompleteResultsDirectory() throws Exception {
        Path capture = dir.resolve("c.txt");
        Files.writeString(capture, CaptureReplayCommandsTest.GOOD);
        // A finished run first: what a complete directory holds, and how long a run takes.
        Path finishedOut = dir.resolve("finished");
        long t0 = System.nanoTime();
        Process full = start(capture, finishedOut);
        assertEquals(0, full.waitFor(), "the unkilled replay must finish");
        long runNanos = System.nanoTime() - t0;
        List<Path> finished = runs(finishedOut);
        assertEquals(1, finished.size());
        Set<String> expected = files(finished.getFirst());
        assertTrue(expected.containsAll(Set.of("results.json", "results.csv", "report.html")), expected.toString());

        int kills = 12;
        int complete = 0;
        int partial = 0;
        for (int k = 0; k < kills; k++) {
            Path out = dir.resolve("killed-" + k);
            Process p = start(capture, out);
            // A spread of moments from the start to past the end (a second JVM's run takes longer or shorter).
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(runNanos * 3 * k / (2 * (kills - 1))));
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor();
            for (Path run : runs(out)) {
                if (!RunDirectory.isPartial(run)) {
                    assertEquals(expected, files(run), "kill " + k + ": " + run + " looks complete but is not");
                    complete++;
                } else {
                    partial++;
                }
            }
        }
        System.out.printf("killed replay: %d kills over 1.5 x %d ms: %d left a complete directory, %d a .partial one, the others none%n",
                kills, TimeUnit.NANOSECONDS.toMillis(runNanos), complete, partial);
    }

    private static Process start(Path capture, Path out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "replay", capture.toString(), "--tables",
                "compact", "--no-timing", "--quick", "--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<Path> runs(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.sorted().toList();
        }
    }

    private static Set<String> files(Path run) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            Set<String> names = new TreeSet<>();
            s.filter(Files::isRegularFile).forEach(f -> names.add(run.relativize(f).toString()));
            return names;
        }
    }
}
