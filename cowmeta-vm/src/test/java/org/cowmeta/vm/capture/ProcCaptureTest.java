package org.cowmeta.vm.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /proc reader against a hand-built fake /proc (kpagecount, maps, pagemap, stat, comm), for
 * every failure it must report, and once against the real /proc when this is Linux and root.
 */
class ProcCaptureTest {
    private static final long PRESENT = 1L << 63;
    private static final long SHARED = 1L << 61;
    private static final long EXCLUSIVE = 1L << 56;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void capturesCountsAndPagesWithFlags() throws Exception {
        Path proc = fakeProc(new long[] {0, 2, 2, 1, 0, 3, 0, 0, 0, 1});
        fakeProcess(proc, 100, 1, "redis server", "0000a000-0000c000 rw-p 00000000 00:00 0 [heap]\n"
                + "00010000-00011000 r--p 00000000 fe:00 5 /bin/x\n"
                + "00020000-00030000 ---p 00000000 00:00 0\n",
                new long[][] {{0xa, PRESENT | EXCLUSIVE | 1}, {0xb, 0}, {0x10, PRESENT | SHARED | 5}});
        fakeProcess(proc, 101, 100, "redis-rdb-bgsave", "0000a000-0000c000 rw-p 00000000 00:00 0 [heap]\n",
                new long[][] {{0xa, PRESENT | 2}, {0xb, PRESENT | 5}});
        Path out = tmp.resolve("out/c.txt.gz");
        Files.createDirectories(out.getParent());
        ProcCapture.Summary s = capture(proc, List.of(100, 101), out);
        assertEquals(10, s.frames());
        assertEquals(5, s.mappedFrames());
        assertEquals(3, s.countedFrames());
        assertEquals(2, s.processes());
        assertEquals(4, s.pages());

        Capture c = Capture.load(out);
        assertEquals(10, c.frames());
        assertArrayEquals(new long[] {1, 2, 3, 5, 9}, c.countFrames());
        assertArrayEquals(new long[] {2, 2, 1, 3, 1}, c.counts());
        CapturedProcess parent = c.process(100).orElseThrow();
        assertEquals("redis_server", parent.comm());
        assertEquals(1, parent.ppid());
        assertArrayEquals(new long[] {0xa, 0x10}, parent.vpns());
        assertArrayEquals(new long[] {1, 5}, parent.frames());
        assertArrayEquals(new byte[] {CaptureFlags.WRITABLE | CaptureFlags.EXCLUSIVE, CaptureFlags.FILE_OR_SHARED}, parent.flags());
        CapturedProcess child = c.process(101).orElseThrow();
        assertEquals(100, child.ppid());
        assertArrayEquals(new long[] {2, 5}, child.frames());
        assertEquals(List.of("out", "proc"), list(tmp));
        assertEquals(List.of("c.txt.gz"), list(out.getParent()));
    }

    @Test
    void findsTheEndOfKpagecountByBisection() throws Exception {
        for (int n : new int[] {1, 2, 3, 7, 8, 9, 1000, 4097}) {
            Path proc = fakeProc(new long[n]);
            try (var ch = java.nio.channels.FileChannel.open(proc.resolve("kpagecount"))) {
                assertEquals(n, ProcCapture.frameCount(ch), "kpagecount of " + n + " frames");
            }
        }
    }

    @Test
    void aProcessThatVanishesMidCaptureIsLeftOutAndRecorded() throws Exception {
        Path proc = fakeProc(new long[] {0, 2, 2, 1});
        fakeProcess(proc, 100, 1, "a", "0000a000-0000c000 rw-p 00000000 00:00 0\n", new long[][] {{0xa, PRESENT | 1}, {0xb, PRESENT | 2}});
        fakeProcess(proc, 101, 100, "b", "0000a000-0000c000 rw-p 00000000 00:00 0\n", new long[][] {{0xa, PRESENT | 1}, {0xb, PRESENT | 3}});
        // An exited process's pagemap reads as empty, and its /proc directory disappears.
        Files.write(proc.resolve("101/pagemap"), new byte[0]);
        Path out = tmp.resolve("v.gz");
        ProcCapture.Summary s = capture(proc, List.of(100, 101), out);
        assertEquals(List.of(101), s.vanished());
        assertEquals(1, s.processes());
        Capture c = Capture.load(out);
        assertEquals(1, c.processes().size());
        assertTrue(c.comments().contains("process 101 vanished mid-capture and is left out"), c.comments().toString());
        assertTrue(err.toString().contains("process 101 vanished mid-capture"), err.toString());
        assertEquals(List.of("proc", "v.gz"), list(tmp));
    }

    @Test
    void allPfnsZeroMeansNoCapSysAdmin() throws Exception {
        Path proc = fakeProc(new long[] {0, 2, 2, 1});
        fakeProcess(proc, 100, 1, "a", "0000a000-0000c000 rw-p 00000000 00:00 0\n", new long[][] {{0xa, PRESENT}, {0xb, PRESENT}});
        Path out = tmp.resolve("z.gz");
        CaptureException e = assertThrows(CaptureException.class, () -> capture(proc, List.of(100), out));
        assertTrue(e.getMessage().contains("frame number 0 for all 2 present pages"), e.getMessage());
        assertTrue(e.getMessage().contains("CAP_SYS_ADMIN"), e.getMessage());
        assertEquals(List.of("proc"), list(tmp), "nothing half-written");
    }

    @Test
    void noSpaceLeftRemovesThePartialOutput() throws Exception {
        Path proc = fakeProc(new long[100_000]);
        long[] counts = new long[100_000];
        java.util.Arrays.fill(counts, 1);
        Files.write(proc.resolve("kpagecount"), longs(counts));
        Path out = tmp.resolve("full.gz");
        ProcCapture full = new ProcCapture(proc, f -> new FilterOutputStream(Files.newOutputStream(f)) {
            long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 2000) {
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
            }
        }, new PrintStream(err));
        CaptureException e = assertThrows(CaptureException.class, () -> full.capture(List.of(), out, "test"));
        assertEquals("no space left on the device of " + out + "; no capture was written.", e.getMessage());
        assertEquals(List.of("proc"), list(tmp), "nothing half-written");
    }

    @Test
    void noSuchProcessAndNoKpagecount() throws Exception {
        Path proc = fakeProc(new long[] {1});
        CaptureException e = assertThrows(CaptureException.class, () -> capture(proc, List.of(4242), tmp.resolve("x.gz")));
        assertTrue(e.getMessage().startsWith("there is no process 4242"), e.getMessage());
        Files.delete(proc.resolve("kpagecount"));
        CaptureException k = assertThrows(CaptureException.class, () -> capture(proc, List.of(), tmp.resolve("x.gz")));
        assertTrue(k.getMessage().contains("kpagecount"), k.getMessage());
        assertEquals(List.of("proc"), list(tmp));
    }

    @Test
    void parentFromStatSurvivesOddComms() throws IOException {
        assertEquals(77, ProcCapture.parentOf("123 (a) b (c)) S 77 1 1 0 -1"));
    }

    @Test
    void capturesThisJvmOnTheLiveHost() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && Files.isReadable(Path.of("/proc/kpagecount")),
                "needs Linux and root: /proc/kpagecount is not readable here");
        int self = (int) ProcessHandle.current().pid();
        Path out = tmp.resolve("self.gz");
        ProcCapture.Summary s;
        try {
            s = new ProcCapture(Path.of("/proc"), Files::newOutputStream, new PrintStream(err)).capture(List.of(self), out, "test");
        } catch (CaptureException e) {
            // A container may let root read kpagecount yet withhold CAP_SYS_ADMIN: the kernel then hides PFNs.
            assumeTrue(!e.getMessage().contains("frame number 0"), "skipped: " + e.getMessage());
            throw e;
        }
        Capture c = Capture.load(out);
        CapturedProcess me = c.process(self).orElseThrow();
        assertTrue(me.pages() > 1000, "a JVM maps more than 1000 pages: " + me.pages());
        assertTrue(s.mappedFrames() >= me.pages() / 2, "mapped frames " + s.mappedFrames());
        assertTrue(java.util.Arrays.stream(me.frames()).anyMatch(f -> f != 0));
    }

    private ProcCapture.Summary capture(Path proc, List<Integer> pids, Path out) throws CaptureException {
        return new ProcCapture(proc, Files::newOutputStream, new PrintStream(err)).capture(pids, out, "test");
    }

    private Path fakeProc(long[] counts) throws IOException {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "6.18-fake\n");
        Files.write(proc.resolve("kpagecount"), longs(counts));
        return proc;
    }

    private static void fakeProcess(Path proc, int pid, int ppid, String comm, String maps, long[][] entries) throws IOException {
        Path d = proc.resolve(Integer.toString(pid));
        Files.createDirectories(d);
        Files.writeString(d.resolve("comm"), comm + "\n");
        Files.writeString(d.resolve("stat"), pid + " (" + comm + ") S " + ppid + " 1 1 0 -1\n");
        Files.writeString(d.resolve("maps"), maps);
        long maxEnd = 0;
        for (String line : maps.split("\n")) {
            maxEnd = Math.max(maxEnd, Long.parseLong(line.substring(line.indexOf('-') + 1, line.indexOf(' ')), 16) >>> 12);
        }
        long[] pagemap = new long[(int) maxEnd];
        for (long[] e : entries) {
            pagemap[(int) e[0]] = e[1];
        }
        Files.write(d.resolve("pagemap"), longs(pagemap));
    }

    private static byte[] longs(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.nativeOrder());
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
