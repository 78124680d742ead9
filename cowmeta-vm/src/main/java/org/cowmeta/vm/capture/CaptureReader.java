package org.cowmeta.vm.capture;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cowmeta.tables.Frames;

/**
 * Streams a {@code cowmeta-capture 1} file (plain or gzip'd, told apart by the gzip magic
 * {@code 1f 8b}) line by line into a {@link CaptureVisitor}, checking every rule of the format on
 * the way. Memory stays bounded by one line and the set of process ids, whatever the file's size.
 * Any departure from the format is a {@link CaptureFormatException} naming the file, the line and
 * what was expected there; nothing after a bad line reaches the visitor.
 */
public final class CaptureReader {
    public static final String FORMAT = "cowmeta-capture";
    public static final int VERSION = 1;
    public static final String HEADER = FORMAT + " " + VERSION;
    /** Virtual page numbers of a 64-bit address space: address >>> PAGE_SHIFT < 2^52. */
    public static final long VPN_LIMIT = 1L << (Long.SIZE - Frames.PAGE_SHIFT);
    private static final int MAX_LINE = 1 << 20;
    private static final int MAX_FIELDS = 5;

    private enum State { HEADER, FRAMES, COUNTS, PROCESSES }

    private final InputStream in;
    private final String name;
    private final CaptureVisitor visitor;

    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;

    private long lineNo;
    private int lineStart;
    private int lineEnd;
    private final int[] fieldStart = new int[MAX_FIELDS];
    private final int[] fieldEnd = new int[MAX_FIELDS];
    private int fields;

    private State state = State.HEADER;
    private long frames;
    private long lastCountFrame = -1;
    private boolean inProcess;
    private long lastVpn = -1;
    private final Set<Integer> pids = new HashSet<>();

    private CaptureReader(InputStream in, String name, CaptureVisitor visitor) {
        this.in = in;
        this.name = name;
        this.visitor = visitor;
    }

    /** Reads {@code file} into {@code visitor}. */
    public static void read(Path file, CaptureVisitor visitor) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new CaptureFormatException(file.toString(), 0, "no such file");
        }
        try (raw) {
            read(raw, file.toString(), visitor);
        }
    }

    /** Reads a capture from {@code raw} (not closed here); {@code name} is used in error messages. */
    public static void read(InputStream raw, String name, CaptureVisitor visitor) throws IOException {
        new CaptureReader(decompressIfGzip(raw, name), name, visitor).run();
    }

    private static InputStream decompressIfGzip(InputStream raw, String name) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        if (m0 == 0x1f && m1 == 0x8b) {
            try {
                return new GZIPInputStream(b, 1 << 16);
            } catch (EOFException e) {
                throw new CaptureFormatException(name, 0, "truncated gzip stream: the gzip header is incomplete", e);
            } catch (ZipException e) {
                throw new CaptureFormatException(name, 0, "corrupt gzip stream: " + e.getMessage(), e);
            }
        }
        return b;
    }

    private void run() throws IOException {
        while (nextLine()) {
            parseLine();
        }
        switch (state) {
            case HEADER -> throw error(0, "empty file: expected '" + HEADER + "' on the first line");
            case FRAMES -> throw error(lineNo, "the file ends before its 'frames <N> page_size 4096' line");
            default -> visitor.end();
        }
    }

    // ---- lines -------------------------------------------------------------------------------

    /** Finds the next line in the buffer, refilling it; false at the end of the input. */
    private boolean nextLine() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    lineNo++;
                    lineStart = pos;
                    lineEnd = (i > pos && buf[i - 1] == '\r') ? i - 1 : i;
                    pos = i + 1;
                    return true;
                }
            }
            scan = limit;
            if (eof) {
                if (pos < limit) {
                    throw error(lineNo + 1, "the file ends inside this line (no final newline): is it truncated?");
                }
                return false;
            }
            scan -= fill();
        }
    }

    /** Moves the unread part to the front, reads more; returns by how much the unread part moved. */
    private int fill() throws IOException {
        int shift = pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw error(lineNo + 1, "line longer than " + MAX_LINE + " bytes: this is not a capture file");
            }
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (EOFException e) {
            throw new CaptureFormatException(name, lineNo + 1,
                    "truncated gzip stream: the compressed data ends early (an interrupted copy or capture?)", e);
        } catch (ZipException e) {
            throw new CaptureFormatException(name, lineNo + 1, "corrupt gzip stream: " + e.getMessage(), e);
        }
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
        return shift;
    }

    // ---- records -----------------------------------------------------------------------------

    private void parseLine() throws CaptureFormatException {
        if (state == State.HEADER) {
            parseHeader();
            return;
        }
        if (lineEnd > lineStart && buf[lineStart] == '#') {
            int from = lineStart + 1;
            if (from < lineEnd && buf[from] == ' ') {
                from++;
            }
            visitor.comment(new String(buf, from, lineEnd - from, StandardCharsets.UTF_8));
            return;
        }
        split();
        if (fields == 0) {
            throw error(lineNo, "empty line: expected a K, P, M, frames or # line");
        }
        int s = fieldStart[0];
        int len = fieldEnd[0] - s;
        if (len == 1 && buf[s] == 'K') {
            parseCount();
        } else if (len == 1 && buf[s] == 'P') {
            parseProcess();
        } else if (len == 1 && buf[s] == 'M') {
            parsePage();
        } else if (field(0).equals("frames")) {
            parseFrames();
        } else {
            throw error(lineNo, "unknown record '" + shorten(field(0)) + "': expected K, P, M, frames or #");
        }
    }

    private void parseHeader() throws CaptureFormatException {
        String line = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        if (line.equals(HEADER)) {
            state = State.FRAMES;
            return;
        }
        if (line.startsWith(FORMAT + " ")) {
            throw error(lineNo, "unknown format version '" + shorten(line.substring(FORMAT.length() + 1))
                    + "': this reader reads '" + HEADER + "'");
        }
        throw error(lineNo, "missing header: expected '" + HEADER + "' on the first line, found '" + shorten(line) + "'");
    }

    private void parseFrames() throws CaptureFormatException {
        if (state != State.FRAMES) {
            throw error(lineNo, "a second 'frames' line: there is exactly one, right after the header");
        }
        expectFields(4, "frames <N> page_size 4096");
        frames = number(1, "the number of frames");
        if (frames < 1 || frames > Frames.LIMIT) {
            throw error(lineNo, "frames must be 1 to 2^40, not " + frames);
        }
        if (!field(2).equals("page_size")) {
            throw error(lineNo, "expected 'page_size' as the third field, found '" + shorten(field(2)) + "'");
        }
        long pageSize = number(3, "the page size");
        if (pageSize != Frames.PAGE_SIZE) {
            throw error(lineNo, "page_size " + pageSize + " is not supported: expected 4096");
        }
        state = State.COUNTS;
        visitor.frames(frames, Frames.PAGE_SIZE);
    }

    private void parseCount() throws CaptureFormatException {
        requireFrames("K");
        if (state == State.PROCESSES) {
            throw error(lineNo, "K line after a P line: every K line comes before the first P line");
        }
        expectFields(3, "K <pfn> <count>");
        long frame = frame(1);
        long count = number(2, "the count");
        if (frame <= lastCountFrame) {
            throw error(lineNo, "K lines must ascend by pfn: " + frame + " comes after " + lastCountFrame);
        }
        if (count < 1) {
            throw error(lineNo, "count 0: K lines list only frames mapped at least once");
        }
        lastCountFrame = frame;
        visitor.count(frame, count);
    }

    private void parseProcess() throws CaptureFormatException {
        requireFrames("P");
        expectFields(4, "P <pid> <ppid> <comm>");
        long pid = number(1, "the pid");
        long ppid = number(2, "the ppid");
        if (pid < 1 || pid > Integer.MAX_VALUE) {
            throw error(lineNo, "pid must be 1 to 2^31-1, not " + pid);
        }
        if (ppid > Integer.MAX_VALUE) {
            throw error(lineNo, "ppid must be 0 to 2^31-1, not " + ppid);
        }
        if (!pids.add((int) pid)) {
            throw error(lineNo, "process " + pid + " appears a second time");
        }
        state = State.PROCESSES;
        inProcess = true;
        lastVpn = -1;
        visitor.process((int) pid, (int) ppid, field(3));
    }

    private void parsePage() throws CaptureFormatException {
        requireFrames("M");
        if (!inProcess) {
            throw error(lineNo, "M line before any P line: every M line belongs to the P line above it");
        }
        expectFields(4, "M <vpn> <pfn> <flags>");
        long vpn = number(1, "the vpn");
        if (vpn >= VPN_LIMIT) {
            throw error(lineNo, "vpn " + vpn + " is beyond a 64-bit address space (2^52 pages)");
        }
        long frame = frame(2);
        long flags = number(3, "the flags");
        if ((flags & ~CaptureFlags.ALL) != 0) {
            throw error(lineNo, "flags " + flags + " has undefined bits: expected 0 to 7");
        }
        if (vpn <= lastVpn) {
            throw error(lineNo, "M lines of a process must ascend by vpn: " + vpn + " comes after " + lastVpn);
        }
        lastVpn = vpn;
        visitor.page(vpn, frame, (int) flags);
    }

    private void requireFrames(String kind) throws CaptureFormatException {
        if (state == State.FRAMES) {
            throw error(lineNo, kind + " line before the 'frames <N> page_size 4096' line");
        }
    }

    private long frame(int i) throws CaptureFormatException {
        long frame = number(i, "the pfn");
        if (frame >= frames) {
            throw error(lineNo, "pfn " + frame + " is beyond the host's " + frames + " frames");
        }
        return frame;
    }

    // ---- fields ------------------------------------------------------------------------------

    private void split() {
        fields = 0;
        int i = lineStart;
        while (i < lineEnd) {
            while (i < lineEnd && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
            if (i == lineEnd) {
                break;
            }
            int start = i;
            while (i < lineEnd && buf[i] != ' ' && buf[i] != '\t') {
                i++;
            }
            if (fields == MAX_FIELDS) {
                fields++;
                return;
            }
            fieldStart[fields] = start;
            fieldEnd[fields] = i;
            fields++;
        }
    }

    private void expectFields(int n, String shape) throws CaptureFormatException {
        if (fields != n) {
            throw error(lineNo, "expected '" + shape + "' (" + n + " fields), found "
                    + (fields > MAX_FIELDS ? "more than " + MAX_FIELDS : String.valueOf(fields)));
        }
    }

    private String field(int i) {
        return new String(buf, fieldStart[i], fieldEnd[i] - fieldStart[i], StandardCharsets.UTF_8);
    }

    /** A non-negative decimal long, without allocating on the good path. */
    private long number(int i, String what) throws CaptureFormatException {
        int s = fieldStart[i];
        int e = fieldEnd[i];
        long v = 0;
        if (e - s > 19) {
            throw notANumber(i, what);
        }
        for (int p = s; p < e; p++) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                throw notANumber(i, what);
            }
            v = v * 10 + d;
            if (v < 0) {
                throw notANumber(i, what);
            }
        }
        return v;
    }

    private CaptureFormatException notANumber(int i, String what) {
        return error(lineNo, "expected a decimal number for " + what + ", found '" + shorten(field(i)) + "'");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private CaptureFormatException error(long line, String problem) {
        return new CaptureFormatException(name, line, problem);
    }
}
