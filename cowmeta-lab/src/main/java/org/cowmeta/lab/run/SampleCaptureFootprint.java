package org.cowmeta.lab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cowmeta.lab.replay.ReplayRows;
import org.cowmeta.lab.replay.StaticReplay;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.SharingSummary;
import org.cowmeta.vm.capture.replay.CountedFrames;

/**
 * Bytes per counted frame on the sample capture the repository ships (a Redis BGSAVE), the
 * configuration the bytes targets are stated in: each table loaded with the capture's
 * counted frames by a static replay without timed loops (a second or two in all), as the same
 * rows {@code ./cowmeta replay --static-only --no-timing} writes. The capture is looked up
 * relative to the working directory, the repository root when run by the launcher.
 */
public final class SampleCaptureFootprint {
    public static final Path SAMPLE = Path.of("cowmeta-tables", "src", "test", "resources", "captures", "redis-small-bgsave.txt.gz");

    private SampleCaptureFootprint() {}

    /** Whether the sample capture is where {@link #SAMPLE} says, under {@code root}. */
    public static boolean available(Path root) {
        return Files.isRegularFile(root.resolve(SAMPLE));
    }

    /** Replays {@code capture} statically into every table and adds replay-capture and replay-static rows. */
    public static void measure(Path capture, List<String> tables, ResultSink sink) throws IOException {
        Capture c = Capture.load(capture); // a malformed capture is a CaptureFormatException, an IOException
        String name = capture.getFileName().toString();
        ReplayRows.capture(sink, name, SharingSummary.of(c));
        CountedFrames counted = CountedFrames.of(c);
        StaticReplay replay = new StaticReplay(StaticReplay.Settings.NO_TIMING);
        for (String table : tables) {
            ReplayRows.staticResult(sink, name, replay.run(table, counted));
        }
    }
}
