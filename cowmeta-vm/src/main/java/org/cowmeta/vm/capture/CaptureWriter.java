package org.cowmeta.vm.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.cowmeta.tables.Frames;

/**
 * Writes {@code cowmeta-capture 1} records to a stream, in the order the format demands, and
 * refuses (with {@link IllegalStateException} or {@link IllegalArgumentException}) any record
 * that a {@link CaptureReader} would reject, so that everything written reads back. Numbers are
 * formatted into a reusable byte buffer: writing a record allocates nothing. Compression is the
 * caller's choice of stream. Not thread-safe.
 */
public final class CaptureWriter implements Closeable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int len;

    private long frames = -1;
    private long lastCountFrame = -1;
    private boolean inProcesses;
    private boolean processOpen;
    private long lastVpn = -1;

    private CaptureWriter(OutputStream out) {
        this.out = out;
    }

    /** A writer for a whole capture: writes the header line at once. */
    public static CaptureWriter start(OutputStream out) throws IOException {
        CaptureWriter w = new CaptureWriter(out);
        w.ascii(CaptureReader.HEADER);
        w.newline();
        return w;
    }

    /**
     * A writer for the process part of a capture whose header, frames and K lines are written
     * elsewhere: it accepts only comments, P and M lines, checked against {@code frames}.
     * The /proc reader uses it to write each process to its own gzip member first, so that a
     * process that vanishes mid-read can be dropped whole.
     */
    public static CaptureWriter processSection(OutputStream out, long frames) {
        CaptureWriter w = new CaptureWriter(out);
        w.frames = frames;
        w.inProcesses = true;
        return w;
    }

    /** A {@code #} line; line breaks in {@code text} become spaces. */
    public CaptureWriter comment(String text) throws IOException {
        ascii("# ");
        utf8(text.replace('\n', ' ').replace('\r', ' '));
        newline();
        return this;
    }

    /** The {@code frames} line; exactly once, before any K or P line. */
    public CaptureWriter frames(long frames) throws IOException {
        if (this.frames >= 0) {
            throw new IllegalStateException("the frames line is written once, before K and P lines");
        }
        if (frames < 1 || frames > Frames.LIMIT) {
            throw new IllegalArgumentException("frames must be 1 to 2^40, not " + frames);
        }
        this.frames = frames;
        ascii("frames ");
        number(frames);
        ascii(" page_size ");
        number(Frames.PAGE_SIZE);
        newline();
        return this;
    }

    /** A {@code K} line; frames ascend, all before the first P line, count >= 1. */
    public CaptureWriter count(long frame, long count) throws IOException {
        requireFrames();
        if (inProcesses) {
            throw new IllegalStateException("K lines come before every P line");
        }
        checkFrame(frame);
        if (frame <= lastCountFrame) {
            throw new IllegalArgumentException("K lines ascend: frame " + frame + " after " + lastCountFrame);
        }
        if (count < 1) {
            throw new IllegalArgumentException("a K line's count is at least 1, not " + count);
        }
        lastCountFrame = frame;
        buf(3);
        buf[len++] = 'K';
        buf[len++] = ' ';
        number(frame);
        buf[len++] = ' ';
        number(count);
        newline();
        return this;
    }

    /** A {@code P} line; spaces and control characters in {@code comm} become '_'. */
    public CaptureWriter process(int pid, int ppid, String comm) throws IOException {
        requireFrames();
        if (pid < 1 || ppid < 0) {
            throw new IllegalArgumentException("pid must be >= 1 and ppid >= 0, not " + pid + " and " + ppid);
        }
        inProcesses = true;
        processOpen = true;
        lastVpn = -1;
        ascii("P ");
        number(pid);
        ascii(" ");
        number(ppid);
        ascii(" ");
        utf8(safeComm(comm));
        newline();
        return this;
    }

    /** An {@code M} line of the last process; vpns ascend within a process. */
    public CaptureWriter page(long vpn, long frame, int flags) throws IOException {
        if (!processOpen) {
            throw new IllegalStateException("an M line needs a P line above it");
        }
        if (vpn < 0 || vpn >= CaptureReader.VPN_LIMIT) {
            throw new IllegalArgumentException("vpn " + vpn + " is outside [0, 2^52)");
        }
        if (vpn <= lastVpn) {
            throw new IllegalArgumentException("M lines ascend: vpn " + vpn + " after " + lastVpn);
        }
        checkFrame(frame);
        if ((flags & ~CaptureFlags.ALL) != 0) {
            throw new IllegalArgumentException("flags " + flags + " has undefined bits");
        }
        lastVpn = vpn;
        buf(3);
        buf[len++] = 'M';
        buf[len++] = ' ';
        number(vpn);
        buf[len++] = ' ';
        number(frame);
        buf[len++] = ' ';
        number(flags);
        newline();
        return this;
    }

    /** Writes out the buffer and flushes the stream. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }

    /** Comm as the format wants it: one non-empty field of printable characters. */
    static String safeComm(String comm) {
        if (comm == null || comm.isEmpty()) {
            return "?";
        }
        StringBuilder sb = new StringBuilder(comm.length());
        for (int i = 0; i < comm.length(); i++) {
            char c = comm.charAt(i);
            sb.append(c <= ' ' || c == 0x7f ? '_' : c);
        }
        return sb.toString();
    }

    private void requireFrames() {
        if (frames < 0) {
            throw new IllegalStateException("the frames line comes before K and P lines");
        }
    }

    private void checkFrame(long frame) {
        if (frame < 0 || frame >= frames) {
            throw new IllegalArgumentException("pfn " + frame + " is outside the host's " + frames + " frames");
        }
    }

    private void number(long v) throws IOException {
        buf(20);
        if (v == 0) {
            buf[len++] = '0';
            return;
        }
        int digits = 0;
        for (long t = v; t != 0; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int p = end - 1; p >= len; p--) {
            buf[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = end;
    }

    private void ascii(String s) throws IOException {
        buf(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void utf8(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > buf.length) {
            drain();
            out.write(b);
            return;
        }
        buf(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void newline() throws IOException {
        buf(1);
        buf[len++] = '\n';
    }

    /** Makes room for {@code n} more bytes. */
    private void buf(int n) throws IOException {
        if (len + n > buf.length) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
    }
}
