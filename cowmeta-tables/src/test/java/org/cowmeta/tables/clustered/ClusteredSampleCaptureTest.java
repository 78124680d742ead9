package org.cowmeta.tables.clustered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.compact.CompactTable;
import org.junit.jupiter.api.Test;

/**
 * The clustered table's reason to exist, measured on the shipped real capture (Redis 7 BGSAVE,
 * parent and snapshot child, {@code captures/redis-small-bgsave.txt.gz}, a copy of
 * the shipped sample): every frame with a map count of 2 or more (K lines) is seeded,
 * and the modeled bytes per counted frame must be at most 4, against ~10 for the per-frame
 * compact table on the same frames.
 */
class ClusteredSampleCaptureTest {
    private static final String SAMPLE = "/captures/redis-small-bgsave.txt.gz";

    /** The K lines with count >= 2: {frame, count} pairs. Reads only what this test needs of the format. */
    static long[][] countedFrames() throws IOException {
        long[] frames = new long[1 << 16];
        long[] counts = new long[1 << 16];
        int n = 0;
        try (InputStream in = ClusteredSampleCaptureTest.class.getResourceAsStream(SAMPLE);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            assertEquals("cowmeta-capture 1", header, SAMPLE + " line 1");
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("P ")) {
                    break; // K lines come before every process
                }
                if (!line.startsWith("K ")) {
                    continue;
                }
                String[] f = line.split(" ");
                long count = Long.parseLong(f[2]);
                if (count >= 2) {
                    if (n == frames.length) {
                        frames = java.util.Arrays.copyOf(frames, n * 2);
                        counts = java.util.Arrays.copyOf(counts, n * 2);
                    }
                    frames[n] = Long.parseLong(f[1]);
                    counts[n++] = count;
                }
            }
        }
        return new long[][] {java.util.Arrays.copyOf(frames, n), java.util.Arrays.copyOf(counts, n)};
    }

    private static double bytesPerFrame(RefCountTable t, long[][] sample) {
        long[] frames = sample[0];
        long[] counts = sample[1];
        for (int i = 0; i < frames.length; i++) {
            t.seed(frames[i], counts[i]);
        }
        assertEquals(frames.length, t.entries());
        for (int i = 0; i < frames.length; i++) {
            assertEquals(counts[i], t.get(frames[i]), "frame " + frames[i]);
        }
        return t.footprint().modeledPerEntry(t.entries());
    }

    @Test
    void sampleCaptureCostsAtMostFourModeledBytesPerCountedFrame() throws IOException {
        long[][] sample = countedFrames();
        assertTrue(sample[0].length > 30_000, "the sample has ~40k counted frames");
        TableConfig config = TableConfig.of(1L << 40);
        double clustered;
        double compact;
        try (ClusteredTable t = new ClusteredTable(config)) {
            clustered = bytesPerFrame(t, sample);
            System.out.printf("sample capture: %d counted frames in %d areas; clustered %.2f modeled B/frame%n",
                    t.entries(), t.stats().extra().get("areas"), clustered);
        }
        try (CompactTable t = new CompactTable(config)) {
            compact = bytesPerFrame(t, sample);
            System.out.printf("sample capture: compact %.2f modeled B/frame%n", compact);
        }
        assertTrue(clustered <= 4, "clustered: " + clustered + " modeled bytes per counted frame");
        assertTrue(clustered < compact, "clustered " + clustered + " vs compact " + compact);
    }
}
