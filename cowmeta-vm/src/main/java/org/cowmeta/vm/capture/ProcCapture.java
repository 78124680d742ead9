package org.cowmeta.vm.capture;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Takes a {@code cowmeta-capture 1} snapshot of a live Linux host: the map count of every frame
 * from {@code /proc/kpagecount} and, for the chosen processes, each present page's frame from
 * {@code /proc/PID/pagemap} (bit 63 present, bits 0-54 the pfn, bit 61 file or shared-anonymous,
 * bit 56 exclusively mapped) with the writability of its VMA from {@code /proc/PID/maps}.
 *
 * <p>Memory stays bounded on hosts of any size: both files are read in fixed-size chunks and the
 * output is written gzip'd as it is read. Each process is first written to its own gzip member
 * in a scratch file beside the output and appended only when it was read to the end (gzip
 * members concatenate into one valid stream), so a process that exits mid-read is dropped whole,
 * reported on stderr and recorded as a comment. The output is written under a temporary name
 * and renamed at the end: any failure (no space left, a lost permission) leaves no file behind.
 *
 * <p>Counts and pages are not one atomic snapshot: the host keeps running while it is read.
 */
public final class ProcCapture {
    private static final int CHUNK_ENTRIES = 1 << 17; // 1 MiB of 8-byte entries per read
    private static final long PRESENT = 1L << 63;
    private static final long FILE_OR_SHARED = 1L << 61;
    private static final long EXCLUSIVE = 1L << 56;
    private static final long PFN_MASK = (1L << 55) - 1;
    /** Above the largest user address of 5-level paging: [vsyscall] and the like. */
    private static final long USER_VPN_LIMIT = 1L << (56 - 12);

    /** Opens an output file; tests substitute one that runs out of space. */
    @FunctionalInterface
    public interface Output {
        OutputStream open(Path file) throws IOException;
    }

    /** What a finished capture holds, for the one-line summary. */
    public record Summary(Path file, long frames, long mappedFrames, long countedFrames, int processes,
                          long pages, List<Integer> vanished) {}

    private final Path proc;
    private final Output output;
    private final PrintStream log;

    /** Reads {@code proc} (normally {@code /proc}), writes through {@code output}, reports to {@code log}. */
    public ProcCapture(Path proc, Output output, PrintStream log) {
        this.proc = proc;
        this.output = output;
        this.log = log;
    }

    /** The live host's /proc, real files, messages on stderr; fails at once when not on Linux. */
    public static ProcCapture live() throws CaptureException {
        String os = System.getProperty("os.name", "?");
        if (!os.toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
            throw new CaptureException("capture reads Linux's /proc/kpagecount and /proc/PID/pagemap, and this is " + os + ", not Linux.");
        }
        return new ProcCapture(Path.of("/proc"), Files::newOutputStream, System.err);
    }

    /**
     * Every process with user memory, by ascending pid (kernel threads have empty maps), except
     * this JVM, whose memory changes while it captures.
     */
    public List<Integer> allProcesses() throws IOException {
        long self = ProcessHandle.current().pid();
        List<Integer> pids = new ArrayList<>();
        try (Stream<Path> s = Files.list(proc)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToInt(Integer::parseInt).sorted().forEach(pids::add);
        }
        pids.removeIf(pid -> {
            if (pid == self && proc.equals(Path.of("/proc"))) {
                return true;
            }
            try {
                return readAll(proc.resolve(pid + "/maps")).isEmpty();
            } catch (IOException e) {
                return true;
            }
        });
        return pids;
    }

    /** Captures {@code pids} (in that order) into {@code file}, replacing it only when complete. */
    public Summary capture(List<Integer> pids, Path file, String commandLine) throws CaptureException {
        for (int pid : pids) {
            if (!Files.isDirectory(proc.resolve(Integer.toString(pid)))) {
                throw new CaptureException("there is no process " + pid + " (no " + proc.resolve(Integer.toString(pid)) + ").");
            }
        }
        Path kpagecount = proc.resolve("kpagecount");
        Path dir = file.toAbsolutePath().getParent();
        Path partial = null;
        try {
            // Not Files.createTempFile: that makes the file 0600, and the capture should get the usual umask.
            partial = dir.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".partial");
            Summary s = write(kpagecount, pids, file, partial, dir, commandLine);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return s;
        } catch (OutputFailure e) {
            throw new CaptureException(writeProblem(file, e.getCause()) + "; no capture was written.", e.getCause());
        } catch (AccessDeniedException e) {
            throw new CaptureException("cannot read " + e.getFile() + ": run the capture as root (CAP_SYS_ADMIN is needed to see physical frame numbers).", e);
        } catch (NoSuchFileException e) {
            if (e.getFile() != null && e.getFile().equals(kpagecount.toString())) {
                throw new CaptureException("there is no " + kpagecount + ": this kernel does not expose page counts (CONFIG_PROC_PAGE_MONITOR).", e);
            }
            throw new CaptureException("cannot write " + file + ": " + e.getFile() + " does not exist.", e);
        } catch (IOException e) {
            throw new CaptureException("capture failed: " + e.getMessage() + "; no capture was written.", e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private Summary write(Path kpagecount, List<Integer> pids, Path file, Path partial, Path dir, String commandLine)
            throws IOException, CaptureException {
        long frames;
        long mapped = 0;
        long counted = 0;
        List<Integer> vanished = new ArrayList<>();
        int processes = 0;
        long pages = 0;
        try (FileChannel counts = FileChannel.open(kpagecount, StandardOpenOption.READ);
             OutputStream out = openTagged(partial)) {
            frames = frameCount(counts);
            if (frames == 0) {
                throw new CaptureException(kpagecount + " is empty: no frames to capture.");
            }
            GZIPOutputStream gz = new GZIPOutputStream(new Unclosed(out), 1 << 16);
            CaptureWriter w = CaptureWriter.start(gz);
            w.comment("captured " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " kernel " + kernelRelease());
            w.comment("by: " + commandLine);
            w.comment("K lines were read first, then each process in turn; the host kept running meanwhile");
            w.frames(frames);
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_ENTRIES * 8).order(ByteOrder.nativeOrder());
            for (long pfn = 0; pfn < frames; ) {
                chunk.clear();
                long n = readFully(counts, chunk, pfn * 8) / 8;
                if (n == 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    long c = chunk.getLong(i * 8);
                    if (c != 0) {
                        w.count(pfn + i, c);
                        mapped++;
                        if (c > 1) {
                            counted++;
                        }
                    }
                }
                pfn += n;
            }
            w.flush();
            gz.close(); // ends this gzip member (and its Deflater); the file stays open
            for (int pid : pids) {
                ProcessResult r = captureProcess(pid, frames, dir, out);
                if (r.pages < 0) {
                    vanished.add(pid);
                    log.println("cowmeta capture: process " + pid + " vanished mid-capture; it is left out.");
                    appendComment(out, "process " + pid + " vanished mid-capture and is left out");
                } else {
                    processes++;
                    pages += r.pages;
                }
            }
        }
        return new Summary(file, frames, mapped, counted, processes, pages, vanished);
    }

    private record ProcessResult(long pages) {}

    /**
     * Writes one process as its own gzip member into a scratch file, then appends it to {@code out};
     * pages = -1 when the process vanished (nothing is appended).
     */
    private ProcessResult captureProcess(int pid, long frames, Path dir, OutputStream out)
            throws IOException, CaptureException {
        Path pidDir = proc.resolve(Integer.toString(pid));
        Path scratch = dir.resolve(".cowmeta-capture-" + pid + "." + Long.toHexString(System.nanoTime()) + ".partial");
        try {
            long pages;
            long present = 0;
            long nonZero = 0;
            long beyond = 0;
            try (OutputStream raw = openTagged(scratch);
                 GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16)) {
                String comm;
                int ppid;
                List<String> maps;
                try {
                    comm = readAll(pidDir.resolve("comm")).strip();
                    ppid = parentOf(readAll(pidDir.resolve("stat")));
                    maps = List.of(readAll(pidDir.resolve("maps")).split("\n"));
                } catch (NoSuchFileException e) {
                    return new ProcessResult(-1);
                } catch (IOException e) {
                    if (gone(pidDir)) {
                        return new ProcessResult(-1);
                    }
                    throw e;
                }
                CaptureWriter w = CaptureWriter.processSection(gz, frames);
                w.process(pid, ppid, comm);
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_ENTRIES * 8).order(ByteOrder.nativeOrder());
                try (FileChannel pagemap = FileChannel.open(pidDir.resolve("pagemap"), StandardOpenOption.READ)) {
                    for (String line : maps) {
                        if (line.isBlank()) {
                            continue;
                        }
                        Vma vma = Vma.parse(line);
                        if (vma.startVpn >= USER_VPN_LIMIT || vma.inaccessible) {
                            continue; // [vsyscall]; PROT_NONE reservations (can be 100s of GiB, hold no pages)
                        }
                        int writable = vma.writable ? CaptureFlags.WRITABLE : 0;
                        for (long vpn = vma.startVpn; vpn < vma.endVpn; ) {
                            chunk.clear();
                            chunk.limit((int) Math.min(CHUNK_ENTRIES, vma.endVpn - vpn) * 8);
                            int want = chunk.limit() / 8;
                            long n = readFully(pagemap, chunk, vpn * 8) / 8;
                            if (n < want) {
                                return new ProcessResult(-1); // the kernel returns nothing once the mm is gone
                            }
                            for (int i = 0; i < n; i++) {
                                long e = chunk.getLong(i * 8);
                                if ((e & PRESENT) == 0) {
                                    continue;
                                }
                                present++;
                                long pfn = e & PFN_MASK;
                                if (pfn != 0) {
                                    nonZero++;
                                }
                                if (pfn >= frames) {
                                    beyond++; // memory hot-added after kpagecount was read
                                    continue;
                                }
                                int flags = writable | ((e & FILE_OR_SHARED) != 0 ? CaptureFlags.FILE_OR_SHARED : 0)
                                        | ((e & EXCLUSIVE) != 0 ? CaptureFlags.EXCLUSIVE : 0);
                                w.page(vpn + i, pfn, flags);
                            }
                            vpn += n;
                        }
                    }
                } catch (NoSuchFileException e) {
                    return new ProcessResult(-1);
                } catch (IOException e) {
                    if (e instanceof OutputFailure || !gone(pidDir)) {
                        throw e;
                    }
                    return new ProcessResult(-1);
                }
                if (present > 0 && nonZero == 0) {
                    throw new CaptureException("the kernel reported frame number 0 for all " + present + " present pages of process "
                            + pid + ": it hides physical frame numbers from this user; run the capture as root (CAP_SYS_ADMIN).");
                }
                if (beyond > 0) {
                    w.comment(beyond + " pages of process " + pid + " map frames beyond 'frames' (memory added meanwhile) and are left out");
                }
                w.flush();
                pages = present - beyond;
            }
            try (InputStream in = Files.newInputStream(scratch)) {
                in.transferTo(out);
            }
            return new ProcessResult(pages);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** Opens an output so that every failure of it, opening included, is an {@link OutputFailure}. */
    private OutputStream openTagged(Path file) throws OutputFailure {
        try {
            return new Tagged(output.open(file));
        } catch (IOException e) {
            throw new OutputFailure(e);
        }
    }

    private static void appendComment(OutputStream out, String text) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(new Unclosed(out));
        CaptureWriter.processSection(gz, 1).comment(text).flush();
        gz.close();
    }

    /** The length of /proc/kpagecount in frames: its size reads as 0, so find its end by bisection. */
    static long frameCount(FileChannel counts) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(8);
        long lo = 0; // frames known to exist
        long hi = 1;
        while (readsAt(counts, one, hi - 1)) {
            lo = hi;
            hi <<= 1;
            if (hi > org.cowmeta.tables.Frames.LIMIT) {
                return org.cowmeta.tables.Frames.LIMIT;
            }
        }
        while (hi - lo > 1) { // frame lo-1 exists, frame hi-1 does not
            long mid = lo + (hi - lo) / 2;
            if (readsAt(counts, one, mid - 1)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean readsAt(FileChannel ch, ByteBuffer one, long pfn) throws IOException {
        one.clear();
        return ch.read(one, pfn * 8) == 8;
    }

    /** Reads until the buffer is full or the file ends; returns the bytes read (a multiple of 8 from /proc). */
    private static long readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** The ppid: the 2nd field after the ')' closing comm in /proc/PID/stat (comm may hold spaces and ')'). */
    static int parentOf(String stat) throws IOException {
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 1).trim().split(" ");
        if (close < 0 || f.length < 2) {
            throw new IOException("unreadable stat line: " + stat);
        }
        return Integer.parseInt(f[1]);
    }

    private boolean gone(Path pidDir) {
        return !Files.exists(pidDir.resolve("stat"));
    }

    private String kernelRelease() {
        try {
            return readAll(proc.resolve("sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version", "?");
        }
    }

    /** /proc files report size 0: read them to the end. */
    private static String readAll(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String writeProblem(Path file, Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        if (m.contains("No space left")) {
            return "no space left on the device of " + file;
        }
        if (m.contains("quota")) {
            return "disk quota exceeded writing " + file;
        }
        return "cannot write " + file + ": " + m;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a scratch file we could not remove is not worth hiding the real error for
            }
        }
    }

    /** One line of /proc/PID/maps: "start-end perms offset dev inode [path]". */
    private record Vma(long startVpn, long endVpn, boolean writable, boolean inaccessible) {
        static Vma parse(String line) throws IOException {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash < 0 || space < dash || line.length() < space + 5) {
                throw new IOException("unreadable maps line: " + line);
            }
            long start = Long.parseUnsignedLong(line, 0, dash, 16);
            long end = Long.parseUnsignedLong(line, dash + 1, space, 16);
            String perms = line.substring(space + 1, space + 5);
            return new Vma(start >>> PAGE_SHIFT, end >>> PAGE_SHIFT, perms.charAt(1) == 'w',
                    perms.charAt(0) == '-' && perms.charAt(1) == '-' && perms.charAt(2) == '-');
        }
    }

    /** Marks every failure of the output as a write failure, to tell it from a /proc read failure. */
    private static final class OutputFailure extends IOException {
        OutputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class Tagged extends FilterOutputStream {
        Tagged(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }
    }

    /** Lets a gzip member finish without closing the file it is appended to. */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
