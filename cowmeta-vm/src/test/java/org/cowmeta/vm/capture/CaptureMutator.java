package org.cowmeta.vm.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded, structure-aware mutator of capture files: it knows the format's lines (header,
 * frames, K, P, M, comments) and their number fields, so most of its inputs get past the header
 * and reach the checks deep in the reader (order, ranges, duplicates) instead of dying at line 1
 * as random bytes would. Each input applies one to four mutations to one seed of the corpus;
 * some are then gzip'd, and some of those cut short. The same seed gives the same inputs.
 */
public final class CaptureMutator {
    /** Values that sit on the edges the reader must guard: signs, widths, the format's limits. */
    private static final String[] EDGES = {"0", "1", "-1", "2", "4096", "4095", "65536", "2147483647", "2147483648",
        "-2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "99999999999999999999999", "4503599627370496", "4503599627370495", "1e3", "0x10", "+5", "", " ", "007"};

    private final List<List<String>> corpus;
    private final SplittableRandom rnd;

    public CaptureMutator(List<List<String>> corpus, long seed) {
        this.corpus = List.copyOf(corpus);
        this.rnd = new SplittableRandom(seed);
    }

    /** A small real capture: the head of {@code lines} with its first processes cut to {@code pagesEach} pages. */
    public static List<String> trimmed(List<String> lines, int countLines, int processes, int pagesEach) {
        List<String> out = new ArrayList<>();
        int k = 0;
        int p = 0;
        int m = 0;
        for (String line : lines) {
            if (line.startsWith("K ")) {
                if (k++ < countLines) {
                    out.add(line);
                }
            } else if (line.startsWith("P ")) {
                if (++p > processes) {
                    break;
                }
                m = 0;
                out.add(line);
            } else if (line.startsWith("M ")) {
                if (m++ < pagesEach) {
                    out.add(line);
                }
            } else {
                out.add(line);
            }
        }
        return out;
    }

    /** The next input's bytes. */
    public byte[] next() {
        List<String> lines = new ArrayList<>(corpus.get(rnd.nextInt(corpus.size())));
        int mutations = 1 + rnd.nextInt(4);
        byte[] bytes = null;
        for (int i = 0; i < mutations; i++) {
            int kind = rnd.nextInt(10);
            if (kind >= 8) {
                bytes = mutateBytes(bytes != null ? bytes : join(lines));
            } else if (bytes == null) {
                mutateLines(lines, kind);
            }
        }
        if (bytes == null) {
            bytes = join(lines);
        }
        if (rnd.nextInt(4) == 0) {
            bytes = gzip(bytes);
            if (rnd.nextBoolean()) {
                bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length + 1)); // a truncated gzip stream
            }
        }
        return bytes;
    }

    private void mutateLines(List<String> lines, int kind) {
        if (lines.isEmpty()) {
            lines.add(EDGES[rnd.nextInt(EDGES.length)]);
            return;
        }
        int at = rnd.nextInt(lines.size());
        switch (kind) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, lines.get(rnd.nextInt(lines.size()))); // duplicated or misplaced
            case 2 -> { // two lines swap: order breaks
                int other = rnd.nextInt(lines.size());
                String t = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, t);
            }
            case 3, 4, 5 -> lines.set(at, withField(lines.get(at)));
            case 6 -> lines.set(at, withPrefix(lines.get(at)));
            default -> { // fields added or dropped
                String[] f = lines.get(at).split(" ", -1);
                lines.set(at, rnd.nextBoolean() && f.length > 1
                        ? String.join(" ", java.util.Arrays.copyOf(f, f.length - 1))
                        : lines.get(at) + " " + EDGES[rnd.nextInt(EDGES.length)]);
            }
        }
    }

    /** One field replaced by an edge value or by a nearby number. */
    private String withField(String line) {
        String[] f = line.split(" ", -1);
        int i = f.length == 1 ? 0 : 1 + rnd.nextInt(f.length - 1);
        if (rnd.nextBoolean()) {
            f[i] = EDGES[rnd.nextInt(EDGES.length)];
        } else {
            try {
                f[i] = Long.toString(Long.parseLong(f[i]) + rnd.nextInt(-3, 4));
            } catch (NumberFormatException e) {
                f[i] = EDGES[rnd.nextInt(EDGES.length)];
            }
        }
        return String.join(" ", f);
    }

    private String withPrefix(String line) {
        String[] prefixes = {"K", "P", "M", "#", "frames", "cowmeta-capture", "X", "k", ""};
        int space = line.indexOf(' ');
        String rest = space < 0 ? "" : line.substring(space);
        return prefixes[rnd.nextInt(prefixes.length)] + rest;
    }

    private byte[] mutateBytes(byte[] b) {
        if (b.length == 0) {
            return new byte[] {(byte) rnd.nextInt(256)};
        }
        switch (rnd.nextInt(4)) {
            case 0 -> { // bit flips
                b = b.clone();
                for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
                    int i = rnd.nextInt(b.length);
                    b[i] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length)); // truncated anywhere, mid-line too
            }
            case 2 -> { // random bytes inserted (NUL, invalid UTF-8, CR, long runs)
                int at = rnd.nextInt(b.length + 1);
                byte[] junk = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 70_000 : 16)];
                byte fill = (byte) rnd.nextInt(256);
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : fill;
                }
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                return out;
            }
            default -> { // line endings changed
                return new String(b, StandardCharsets.ISO_8859_1).replace("\n", rnd.nextBoolean() ? "\r\n" : "\r")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
