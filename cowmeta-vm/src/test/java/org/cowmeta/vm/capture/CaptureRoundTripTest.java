package org.cowmeta.vm.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes, the reader reads back unchanged; what the reader rejects, the writer refuses. */
class CaptureRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void randomCapturesSurviveARoundTrip() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 20; round++) {
            Capture original = randomCapture(rnd);
            for (boolean gz : new boolean[] {false, true}) {
                Path p = dir.resolve("rt" + round + (gz ? ".gz" : ".txt"));
                try (OutputStream raw = Files.newOutputStream(p);
                     OutputStream out = gz ? new GZIPOutputStream(raw) : raw;
                     CaptureWriter w = CaptureWriter.start(out)) {
                    original.writeTo(w);
                }
                Capture back = Capture.load(p);
                String m = "seed " + seed + " round " + round + " gzip " + gz;
                assertEquals(original.frames(), back.frames(), m);
                assertEquals(original.comments(), back.comments(), m);
                assertArrayEquals(original.countFrames(), back.countFrames(), m);
                assertArrayEquals(original.counts(), back.counts(), m);
                assertEquals(original.processes().size(), back.processes().size(), m);
                for (int i = 0; i < original.processes().size(); i++) {
                    CapturedProcess a = original.processes().get(i);
                    CapturedProcess b = back.processes().get(i);
                    assertEquals(a.pid(), b.pid(), m);
                    assertEquals(a.ppid(), b.ppid(), m);
                    assertEquals(a.comm(), b.comm(), m);
                    assertArrayEquals(a.vpns(), b.vpns(), m);
                    assertArrayEquals(a.frames(), b.frames(), m);
                    assertArrayEquals(a.flags(), b.flags(), m);
                }
            }
        }
    }

    @Test
    void writerRefusesWhatTheReaderWouldReject() throws IOException {
        CaptureWriter w = CaptureWriter.start(new ByteArrayOutputStream());
        assertThrows(IllegalStateException.class, () -> w.count(1, 2));
        w.frames(10);
        assertThrows(IllegalStateException.class, () -> w.frames(10));
        assertThrows(IllegalArgumentException.class, () -> w.count(10, 2));
        w.count(3, 2);
        assertThrows(IllegalArgumentException.class, () -> w.count(3, 2));
        assertThrows(IllegalArgumentException.class, () -> w.count(4, 0));
        assertThrows(IllegalStateException.class, () -> w.page(1, 1, 0));
        w.process(7, 1, "two words\tand\ttabs");
        assertThrows(IllegalStateException.class, () -> w.count(5, 2));
        w.page(4, 3, 7);
        assertThrows(IllegalArgumentException.class, () -> w.page(4, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> w.page(5, 3, 8));
        assertEquals("two_words_and_tabs", CaptureWriter.safeComm("two words\tand\ttabs"));
    }

    private static Capture randomCapture(SplittableRandom rnd) {
        long frames = 1 + rnd.nextLong(1L << rnd.nextInt(1, 40));
        List<String> comments = List.of("captured by a test", "ünïcode ok");
        int k = (int) Math.min(frames, rnd.nextInt(0, 200));
        long[] kf = new long[k];
        long[] kc = new long[k];
        long f = -1;
        for (int i = 0; i < k; i++) {
            long room = frames - f - 1 - (k - i - 1);
            f += 1 + (room > 1 ? rnd.nextLong(Math.min(room, 1000)) : 0);
            kf[i] = f;
            kc[i] = rnd.nextBoolean() ? 1 + rnd.nextInt(6) : 1 + rnd.nextLong(1L << 40);
        }
        List<CapturedProcess> procs = new ArrayList<>();
        int np = rnd.nextInt(0, 4);
        for (int p = 0; p < np; p++) {
            int n = rnd.nextInt(0, 300);
            long[] vpns = new long[n];
            long[] pf = new long[n];
            byte[] fl = new byte[n];
            long v = rnd.nextLong(1L << 35);
            for (int i = 0; i < n; i++) {
                v += 1 + rnd.nextInt(3);
                vpns[i] = v;
                pf[i] = rnd.nextLong(frames);
                fl[i] = (byte) rnd.nextInt(8);
            }
            procs.add(new CapturedProcess(100 + p, p == 0 ? 1 : 100, "proc-" + p, vpns, pf, fl));
        }
        return new Capture("random", frames, comments, kf, kc, procs);
    }
}
