package org.cowmeta.vm.capture.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CaptureReader;
import org.cowmeta.vm.capture.CaptureVisitor;

/**
 * The frames of a host whose map count is at least 2, with their counts, ascending: exactly the
 * entries a refcount table holds for that host. Also the host's number of frames and how many
 * are mapped at all. Can be read straight from a capture file without loading its processes.
 */
public record CountedFrames(long hostFrames, long mappedFrames, long[] frames, long[] counts) {

    public CountedFrames {
        if (frames.length != counts.length) {
            throw new IllegalArgumentException("frames and counts differ in length");
        }
    }

    public int size() {
        return frames.length;
    }

    /** From a loaded capture's K lines. */
    public static CountedFrames of(Capture c) {
        int n = 0;
        for (long count : c.counts()) {
            if (count >= 2) {
                n++;
            }
        }
        long[] f = new long[n];
        long[] k = new long[n];
        int j = 0;
        for (int i = 0; i < c.counts().length; i++) {
            if (c.counts()[i] >= 2) {
                f[j] = c.countFrames()[i];
                k[j++] = c.counts()[i];
            }
        }
        return new CountedFrames(c.frames(), c.countFrames().length, f, k);
    }

    /** Streams only the K lines of {@code file} (memory: 16 bytes per counted frame). */
    public static CountedFrames read(Path file) throws IOException {
        class Collect implements CaptureVisitor {
            long hostFrames;
            long mapped;
            long[] f = new long[1024];
            long[] k = new long[1024];
            int n;

            @Override
            public void frames(long frames, int pageSize) {
                hostFrames = frames;
            }

            @Override
            public void count(long frame, long count) {
                mapped++;
                if (count < 2) {
                    return;
                }
                if (n == f.length) {
                    f = Arrays.copyOf(f, n * 2);
                    k = Arrays.copyOf(k, n * 2);
                }
                f[n] = frame;
                k[n++] = count;
            }
        }
        Collect c = new Collect();
        CaptureReader.read(file, c);
        return new CountedFrames(c.hostFrames, c.mapped, Arrays.copyOf(c.f, c.n), Arrays.copyOf(c.k, c.n));
    }

    /**
     * As many distinct frames drawn uniformly from the same host, carrying the same counts in a
     * shuffled order: the baseline that shows what the real key set's locality is worth.
     */
    public CountedFrames uniformLike(long seed) {
        if (hostFrames > 1L << 36) {
            throw new IllegalArgumentException("a uniform key set of a host of more than 2^36 frames is not supported");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] f = new long[frames.length];
        // Rejection sampling over a bitmap of the host: frames.length <= mapped <= hostFrames, so it ends.
        long[] bitmap = new long[(int) ((hostFrames + 63) >>> 6)];
        for (int i = 0; i < f.length; ) {
            long x = rnd.nextLong(hostFrames);
            long word = bitmap[(int) (x >>> 6)];
            if ((word & (1L << x)) == 0) {
                bitmap[(int) (x >>> 6)] = word | (1L << x);
                f[i++] = x;
            }
        }
        Arrays.sort(f);
        long[] k = counts.clone();
        shuffle(k, rnd);
        return new CountedFrames(hostFrames, mappedFrames, f, k);
    }

    /** Seeds {@code t} with every counted frame and its count, as if it had kept this host's counts all along. */
    public void loadInto(RefCountTable t) {
        for (int i = 0; i < frames.length; i++) {
            t.seed(frames[i], counts[i]);
        }
    }

    /** Whether {@code t} holds exactly these counts: every counted frame, nothing else. */
    public boolean heldExactlyBy(RefCountTable t) {
        if (t.entries() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (t.get(frames[i]) != counts[i]) {
                return false;
            }
        }
        return true;
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public static void shuffle(long[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
