package org.cowmeta.vm.capture.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CaptureFormatException;
import org.cowmeta.vm.capture.CaptureMutator;
import org.cowmeta.vm.capture.CapturedProcess;
import org.cowmeta.vm.capture.SampleCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the capture reader and the replays behind it with {@link CaptureMutator} over pieces of
 * the shipped sample. Every input must end in a capture that the replays take (counted frames
 * loaded and checked, every captured parent/child pair planned) or in a
 * {@link CaptureFormatException} that names a line: never another exception, and never more
 * counted frames than the header's host has.
 *
 * <p>In the suite it runs for {@code cowmeta.fuzz.seconds} (default 20) or
 * {@code cowmeta.fuzz.inputs} (default 200,000) inputs, whichever ends first; the longer run is
 * {@code ./cowmeta test -pl cowmeta-vm -am -Dtest=CaptureFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcowmeta.fuzz.inputs=1000000 -Dcowmeta.fuzz.seconds=3600 -Dtest.fork.timeout=0} (README). {@code cowmeta.fuzz.seed} repeats a run; a failing input is
 * written to {@code target/fuzz-failures/}.
 */
class CaptureFuzzTest {

    @Test
    @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.HOURS) // its own budget bounds it; the longer run may take an hour
    void everyInputEndsInACaptureOrAFormatErrorWithALine() throws IOException {
        Optional<Path> sample = SampleCaptures.find(SampleCaptures.REDIS);
        assumeTrue(sample.isPresent(), SampleCaptures.missing(SampleCaptures.REDIS));
        List<String> lines = readLines(sample.get());
        List<List<String>> corpus = List.of(
                CaptureMutator.trimmed(lines, 200, 2, 150),
                CaptureMutator.trimmed(lines, 40, 2, 40),
                CaptureMutator.trimmed(lines, 0, 1, 20),
                CaptureMutator.trimmed(lines, 5, 0, 0));
        long seed = Long.getLong("cowmeta.fuzz.seed", System.nanoTime());
        long maxInputs = Long.getLong("cowmeta.fuzz.inputs", 200_000);
        long deadline = System.nanoTime() + Long.getLong("cowmeta.fuzz.seconds", 20) * 1_000_000_000L;
        CaptureMutator mutator = new CaptureMutator(corpus, seed);
        long inputs = 0;
        long parsed = 0;
        long planned = 0;
        long slowestNanos = 0;
        while (inputs < maxInputs && System.nanoTime() < deadline) {
            byte[] input = mutator.next();
            inputs++;
            long t0 = System.nanoTime();
            try {
                Capture c = Capture.read(new ByteArrayInputStream(input), "fuzz-input");
                planned += replay(c);
                parsed++;
            } catch (CaptureFormatException e) {
                if (e.line() < 0 || e.problem() == null || e.problem().isBlank()) {
                    failWith(input, seed, inputs, "a format error without a line or a problem: " + e.getMessage(), e);
                }
            } catch (Throwable e) {
                failWith(input, seed, inputs, "not a CaptureFormatException: " + e, e);
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
        }
        System.out.printf("capture fuzz: seed %d, %,d inputs, %,d parsed and replayed (%,d fork plans), slowest input %.1f ms%n",
                seed, inputs, parsed, planned, slowestNanos / 1e6);
        assertTrue(parsed > 0 && parsed < inputs, "the mutator should yield both good and bad captures: " + parsed + " of " + inputs);
    }

    /** What the replays do with a capture: load and check its counted frames, plan every fork pair. */
    private static int replay(Capture c) {
        if (c.countFrames().length > c.frames()) {
            throw new AssertionError(c.countFrames().length + " K lines for a host of " + c.frames() + " frames");
        }
        CountedFrames keys = CountedFrames.of(c);
        MapTable t = new MapTable();
        keys.loadInto(t);
        if (!keys.heldExactlyBy(t)) {
            throw new AssertionError("the loaded table does not hold the capture's counts");
        }
        int plans = 0;
        for (CapturedProcess child : c.processes()) {
            Optional<CapturedProcess> parent = c.parentOf(child);
            if (parent.isPresent()) {
                ForkPlan.of(c, parent.get(), child, 1);
                plans++;
            }
        }
        return plans;
    }

    private static void failWith(byte[] input, long seed, long index, String what, Throwable cause) {
        Path dir = Path.of("target", "fuzz-failures");
        String where;
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("seed-" + seed + "-input-" + index + ".capture");
            Files.write(f, input);
            where = f.toAbsolutePath().toString();
        } catch (IOException e) {
            where = "(could not be saved: " + e.getMessage() + ")";
        }
        fail("seed " + seed + ", input " + index + " " + where + ": " + what, cause);
    }

    private static List<String> readLines(Path gz) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
        }
        return out;
    }
}
