package org.cowmeta.vm.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error the format requires a reader to report, with its line, on small hand-made captures. */
class CaptureReaderTest {
    private static final String HEAD = "cowmeta-capture 1\nframes 100 page_size 4096\n";

    @TempDir
    Path dir;

    @Test
    void readsAWellFormedCaptureInOrder() throws IOException {
        String text = HEAD + "# a comment\nK 3 2\nK 7 1\n# between\nP 10 1 redis-server\nM 5 3 4\nM 6 7 3\r\nP 11 10 child\nM 5 3 0\n";
        List<String> events = new ArrayList<>();
        CaptureReader.read(write("ok.txt", text, false), new CaptureVisitor() {
            @Override public void comment(String t) { events.add("#" + t); }
            @Override public void frames(long f, int ps) { events.add("frames " + f + " " + ps); }
            @Override public void count(long f, long c) { events.add("K " + f + " " + c); }
            @Override public void process(int pid, int ppid, String comm) { events.add("P " + pid + " " + ppid + " " + comm); }
            @Override public void page(long vpn, long f, int fl) { events.add("M " + vpn + " " + f + " " + fl); }
            @Override public void end() { events.add("end"); }
        });
        assertEquals(List.of("frames 100 4096", "#a comment", "K 3 2", "K 7 1", "#between", "P 10 1 redis-server",
                "M 5 3 4", "M 6 7 3", "P 11 10 child", "M 5 3 0", "end"), events);
    }

    @Test
    void emptyFile() {
        assertError("", 0, "empty file");
    }

    @Test
    void missingHeader() {
        assertError("frames 100 page_size 4096\nK 1 1\n", 1, "missing header: expected 'cowmeta-capture 1'");
    }

    @Test
    void commentBeforeHeaderIsAMissingHeader() {
        assertError("# hello\n" + HEAD, 1, "missing header");
    }

    @Test
    void unknownVersion() {
        assertError("cowmeta-capture 2\nframes 100 page_size 4096\n", 1, "unknown format version '2'");
    }

    @Test
    void fieldThatIsNotANumber() {
        assertError(HEAD + "K 12x 3\n", 3, "expected a decimal number for the pfn, found '12x'");
        assertError(HEAD + "K 12 -3\n", 3, "expected a decimal number for the count, found '-3'");
        assertError(HEAD + "P 1 0 a\nM 1 2 x\n", 4, "expected a decimal number for the flags");
        assertError("cowmeta-capture 1\nframes lots page_size 4096\n", 2, "for the number of frames, found 'lots'");
        assertError(HEAD + "P 99999999999999999999 0 a\n", 3, "for the pid");
    }

    @Test
    void mLineBeforeAnyPLine() {
        assertError(HEAD + "K 1 2\nM 4 1 0\n", 4, "M line before any P line");
    }

    @Test
    void pfnBeyondFrames() {
        assertError(HEAD + "K 100 2\n", 3, "pfn 100 is beyond the host's 100 frames");
        assertError(HEAD + "P 1 0 a\nM 4 250 0\n", 4, "pfn 250 is beyond");
    }

    @Test
    void kLinesNotAscending() {
        assertError(HEAD + "K 5 2\nK 5 3\n", 4, "K lines must ascend by pfn: 5 comes after 5");
        assertError(HEAD + "K 5 2\nK 4 3\n", 4, "4 comes after 5");
    }

    @Test
    void kLineAfterPLine() {
        assertError(HEAD + "P 1 0 a\nK 5 2\n", 4, "K line after a P line");
    }

    @Test
    void recordsBeforeTheFramesLine() {
        assertError("cowmeta-capture 1\nK 5 2\n", 2, "K line before the 'frames");
        assertError("cowmeta-capture 1\n# c\nP 1 0 a\n", 3, "P line before the 'frames");
        assertError("cowmeta-capture 1\n# only a comment\n", 2, "ends before its 'frames");
    }

    @Test
    void secondFramesLineAndWrongPageSize() {
        assertError(HEAD + "frames 100 page_size 4096\n", 3, "a second 'frames' line");
        assertError("cowmeta-capture 1\nframes 100 page_size 8192\n", 2, "page_size 8192 is not supported");
        assertError("cowmeta-capture 1\nframes 100 pagesize 4096\n", 2, "expected 'page_size'");
        assertError("cowmeta-capture 1\nframes 0 page_size 4096\n", 2, "frames must be 1 to 2^40");
    }

    @Test
    void unknownRecordAndWrongFieldCount() {
        assertError(HEAD + "X 1 2\n", 3, "unknown record 'X'");
        assertError(HEAD + "K 1\n", 3, "expected 'K <pfn> <count>' (3 fields), found 2");
        assertError(HEAD + "P 1 0 two words\n", 3, "expected 'P <pid> <ppid> <comm>' (4 fields), found 5");
        assertError(HEAD + "\n", 3, "empty line");
    }

    @Test
    void badValuesInRange() {
        assertError(HEAD + "K 1 0\n", 3, "count 0");
        assertError(HEAD + "P 1 0 a\nM 4 1 8\n", 4, "flags 8 has undefined bits");
        assertError(HEAD + "P 1 0 a\nM 4 1 0\nM 4 2 0\n", 5, "must ascend by vpn: 4 comes after 4");
        assertError(HEAD + "P 1 0 a\nP 1 0 b\n", 4, "process 1 appears a second time");
        assertError(HEAD + "P 0 0 a\n", 3, "pid must be 1 to 2^31-1");
        assertError(HEAD + "P 1 0 a\nM 4503599627370496 1 0\n", 4, "beyond a 64-bit address space");
    }

    @Test
    void vpnOrderRestartsWithEachProcess() throws IOException {
        Capture c = Capture.load(write("two.txt", HEAD + "P 1 0 a\nM 9 1 0\nP 2 1 b\nM 3 1 0\n", false));
        assertEquals(2, c.processes().size());
        assertEquals(1, c.process(2).orElseThrow().frameAt(3));
    }

    @Test
    void missingFinalNewline() {
        assertError(HEAD + "K 1 2\nK 2", 4, "no final newline");
    }

    @Test
    void truncatedGzipStream() throws IOException {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < 99; i++) {
            sb.append("K ").append(i).append(' ').append(i % 5 + 1).append('\n');
        }
        byte[] gz = gzip(sb.toString());
        Path cut = dir.resolve("cut.txt.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length - 12));
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Capture.load(cut));
        assertTrue(e.getMessage().contains("truncated gzip stream"), e.getMessage());
        assertTrue(e.getMessage().startsWith(cut.toString() + ":"), e.getMessage());
        assertTrue(e.line() >= 1, "line " + e.line());

        Path header = dir.resolve("header.gz");
        Files.write(header, Arrays.copyOf(gz, 5));
        CaptureFormatException h = assertThrows(CaptureFormatException.class, () -> Capture.load(header));
        assertTrue(h.getMessage().contains("truncated gzip stream"), h.getMessage());
    }

    @Test
    void corruptGzipTrailer() throws IOException {
        byte[] gz = gzip(HEAD + "K 1 2\n");
        gz[gz.length - 8] ^= 0x55; // the CRC-32 of the trailer
        Path bad = dir.resolve("bad.gz");
        Files.write(bad, gz);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Capture.load(bad));
        assertTrue(e.getMessage().contains("corrupt gzip stream"), e.getMessage());
    }

    @Test
    void gzipErrorsCarryLineNumbersToo() throws IOException {
        Path p = write("err.gz", HEAD + "K 2 2\nK 1 2\n", true);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Capture.load(p));
        assertEquals(4, e.line());
        assertEquals(p.toString(), e.file());
    }

    @Test
    void noSuchFile() {
        Path missing = dir.resolve("nope.gz");
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Capture.load(missing));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void concatenatedGzipMembersReadAsOneCapture() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(gzip(HEAD + "K 1 2\n"));
        all.write(gzip("P 5 1 a\nM 1 1 0\n"));
        all.write(gzip("P 6 5 b\nM 1 1 0\n"));
        Path p = dir.resolve("members.gz");
        Files.write(p, all.toByteArray());
        Capture c = Capture.load(p);
        assertEquals(2, c.processes().size());
        assertArrayEquals(new long[] {1}, c.countFrames());
    }

    private void assertError(String text, long line, String fragment) {
        for (boolean gz : new boolean[] {false, true}) {
            Path p;
            try {
                p = write("c" + System.nanoTime() + (gz ? ".gz" : ".txt"), text, gz);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Capture.load(p),
                    "expected an error containing '" + fragment + "' for:\n" + text);
            assertEquals(line, e.line(), e.getMessage());
            assertEquals(p.toString(), e.file());
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks '" + fragment + "'");
            assertTrue(e.getMessage().startsWith(p + (line > 0 ? ":" + line + ": " : ": ")), e.getMessage());
        }
    }

    private Path write(String name, String text, boolean gz) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, gz ? gzip(text) : text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
