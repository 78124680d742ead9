package org.cowmeta.vm.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A capture held in memory, for replay: the host's frame count, every mapped frame's map count
 * (the K lines, ascending) and each captured process's pages. Costs about 16 bytes per K line
 * and 17 per M line; for captures too large for that, stream them with {@link CaptureReader}.
 */
public record Capture(String source, long frames, List<String> comments, long[] countFrames, long[] counts,
                      List<CapturedProcess> processes) {

    public Capture {
        comments = List.copyOf(comments);
        processes = List.copyOf(processes);
        if (countFrames.length != counts.length) {
            throw new IllegalArgumentException("countFrames and counts differ in length");
        }
    }

    /** Reads a whole capture file (plain or gzip'd). */
    public static Capture load(Path file) throws IOException {
        Loader loader = new Loader(file.toString());
        CaptureReader.read(file, loader);
        return loader.build();
    }

    /** Reads a whole capture (plain or gzip'd) from a stream; {@code name} is what errors call it. */
    public static Capture read(InputStream in, String name) throws IOException {
        Loader loader = new Loader(name);
        CaptureReader.read(in, name, loader);
        return loader.build();
    }

    /** Frames whose count is at least 2: the ones a refcount table stores. */
    public long countedFrames() {
        long n = 0;
        for (long c : counts) {
            if (c >= 2) {
                n++;
            }
        }
        return n;
    }

    public Optional<CapturedProcess> process(int pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst();
    }

    /** The captured process whose pid is {@code child}'s ppid, if it was captured too. */
    public Optional<CapturedProcess> parentOf(CapturedProcess child) {
        return child.ppid() == child.pid() ? Optional.empty() : process(child.ppid());
    }

    /** Writes this capture back out in the format (for tests and for trimming captures). */
    public void writeTo(CaptureWriter w) throws IOException {
        for (String c : comments) {
            w.comment(c);
        }
        w.frames(frames);
        for (int i = 0; i < countFrames.length; i++) {
            w.count(countFrames[i], counts[i]);
        }
        for (CapturedProcess p : processes) {
            w.process(p.pid(), p.ppid(), p.comm());
            for (int i = 0; i < p.pages(); i++) {
                w.page(p.vpns()[i], p.frames()[i], p.flags()[i]);
            }
        }
    }

    /** Builds a {@link Capture} from the reader's callbacks. */
    private static final class Loader implements CaptureVisitor {
        private final String source;
        private final List<String> comments = new ArrayList<>();
        private final LongArrayBuilder countFrames = new LongArrayBuilder();
        private final LongArrayBuilder counts = new LongArrayBuilder();
        private final List<CapturedProcess> processes = new ArrayList<>();
        private long frames;
        private int pid;
        private int ppid;
        private String comm;
        private LongArrayBuilder vpns;
        private LongArrayBuilder pageFrames;
        private LongArrayBuilder pageFlags;

        Loader(String source) {
            this.source = source;
        }

        @Override
        public void comment(String text) {
            comments.add(text);
        }

        @Override
        public void frames(long frames, int pageSize) {
            this.frames = frames;
        }

        @Override
        public void count(long frame, long count) {
            countFrames.add(frame);
            counts.add(count);
        }

        @Override
        public void process(int pid, int ppid, String comm) {
            finishProcess();
            this.pid = pid;
            this.ppid = ppid;
            this.comm = comm;
            vpns = new LongArrayBuilder();
            pageFrames = new LongArrayBuilder();
            pageFlags = new LongArrayBuilder();
        }

        @Override
        public void page(long vpn, long frame, int flags) {
            vpns.add(vpn);
            pageFrames.add(frame);
            pageFlags.add(flags);
        }

        private void finishProcess() {
            if (vpns == null) {
                return;
            }
            long[] f = pageFlags.toArray();
            byte[] flags = new byte[f.length];
            for (int i = 0; i < f.length; i++) {
                flags[i] = (byte) f[i];
            }
            processes.add(new CapturedProcess(pid, ppid, comm, vpns.toArray(), pageFrames.toArray(), flags));
            vpns = null;
        }

        Capture build() {
            finishProcess();
            return new Capture(source, frames, comments, countFrames.toArray(), counts.toArray(), processes);
        }
    }
}
