package org.cowmeta.tables.registry;

import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * What each registered table occupies per counted frame: fills a fresh table with the same N
 * distinct random (seeded) frames, each counted once (count 2), and reads its footprint:
 * modeled (kernel) bytes and JVM bytes per counted frame, the modeled bytes as a share of the
 * simulated memory (struct page: 64 B per frame, 1.5625%), and each part. Tables grow to N on
 * their own (no size hint), as they would in use.
 *
 * <p>{@code main} prints the rows as an aligned table:
 * {@code FootprintSurvey [countedFrames] [physicalFrames] [seed]}; physical memory defaults to
 * four times the counted frames, rounded up to a power of two.
 */
public final class FootprintSurvey {

    /** One table's footprint at {@code entries} counted frames. */
    public record Row(String table, long entries, long physicalFrames, double modeledPerFrame, double jvmPerFrame,
                      Map<String, Long> modeledParts, Map<String, Long> jvmParts) {

        /** Modeled bytes as a share of the simulated memory (physical frames x 4 KiB). */
        public double modeledShareOfMemory() {
            return modeledPerFrame * entries / ((double) physicalFrames * Frames.PAGE_SIZE);
        }
    }

    private FootprintSurvey() {}

    public static long defaultPhysicalFrames(long counted) {
        long p = Long.highestOneBit(Math.max(1, counted * 4 - 1)) << 1;
        return Math.min(p, Frames.LIMIT);
    }

    /** Surveys every registered table. */
    public static List<Row> survey(long counted, long physicalFrames, long seed) {
        return survey(TableRegistry.all(), counted, physicalFrames, seed);
    }

    public static List<Row> survey(List<TableSpec> specs, long counted, long physicalFrames, long seed) {
        if (counted < 1 || counted > physicalFrames) {
            throw new IllegalArgumentException("counted frames must be between 1 and the " + physicalFrames
                    + " physical frames, not " + counted);
        }
        long[] frames = distinctFrames(counted, physicalFrames, seed);
        List<Row> rows = new ArrayList<>();
        for (TableSpec spec : specs) {
            try (RefCountTable table = spec.create(TableConfig.of(physicalFrames).withSeed(seed))) {
                fillAtRest(table, frames);
                long entries = table.entries();
                Footprint fp = table.footprint();
                rows.add(new Row(spec.name(), entries, physicalFrames, fp.modeledPerEntry(entries), fp.jvmPerEntry(entries),
                        fp.modeledParts(), fp.jvmParts()));
            }
        }
        return rows;
    }

    /**
     * Counts every frame of {@code frames} once (count 2) and waits until no resize is in
     * progress: a footprint is read at rest, since a resize in progress holds two arrays.
     */
    static void fillAtRest(RefCountTable table, long[] frames) {
        for (long frame : frames) {
            table.increment(frame);
        }
        ResizeControl.awaitAtRest(table);
    }

    /** {@code n} distinct frames in [0, physicalFrames), in random order, from {@code seed}. */
    static long[] distinctFrames(long n, long physicalFrames, long seed) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most 2^31 - 9 counted frames, not " + n);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] frames = new long[(int) n];
        if (physicalFrames <= (1L << 34)) {
            long[] taken = new long[(int) ((physicalFrames + 63) >>> 6)];
            int i = 0;
            while (i < n) {
                long f = rnd.nextLong(physicalFrames);
                long bit = 1L << (f & 63);
                if ((taken[(int) (f >>> 6)] & bit) == 0) {
                    taken[(int) (f >>> 6)] |= bit;
                    frames[i++] = f;
                }
            }
        } else {
            java.util.HashSet<Long> taken = new java.util.HashSet<>();
            int i = 0;
            while (i < n) {
                long f = rnd.nextLong(physicalFrames);
                if (taken.add(f)) {
                    frames[i++] = f;
                }
            }
        }
        return frames;
    }

    /** The rows as an aligned text table, parts in bytes per counted frame. */
    public static String format(List<Row> rows) {
        String header = String.format("%-12s %10s %15s %15s %12s  %s", "table", "entries", "modeled B/frame",
                "JVM B/frame", "modeled mem%", "parts, modeled | JVM (B/frame)");
        StringBuilder sb = new StringBuilder(header).append('\n');
        sb.append("-".repeat(header.length())).append('\n');
        for (Row r : rows) {
            sb.append(String.format("%-12s %,10d %15.2f %15.2f %11.4f%%  %s | %s%n", r.table(), r.entries(),
                    r.modeledPerFrame(), r.jvmPerFrame(), 100 * r.modeledShareOfMemory(),
                    parts(r.modeledParts(), r.entries()), parts(r.jvmParts(), r.entries())));
        }
        return sb.toString();
    }

    private static String parts(Map<String, Long> parts, long entries) {
        StringJoiner j = new StringJoiner(", ");
        parts.forEach((name, bytes) -> j.add(String.format("%s %.2f", name, entries == 0 ? Double.NaN : (double) bytes / entries)));
        return j.toString();
    }

    public static void main(String[] args) {
        long counted;
        long physical;
        long seed;
        try {
            if (args.length > 3) {
                throw new IllegalArgumentException("usage: FootprintSurvey [countedFrames] [physicalFrames] [seed]");
            }
            counted = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
            physical = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : defaultPhysicalFrames(counted);
            seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
            if (counted < 1 || physical < counted || physical > Frames.LIMIT) {
                throw new IllegalArgumentException("counted frames must be at least 1 and at most the physical frames,"
                        + " and physical frames at most 2^40");
            }
        } catch (IllegalArgumentException e) {
            String message = e instanceof NumberFormatException ? "counted frames, physical frames and seed must be whole numbers" : e.getMessage();
            System.err.println("footprint survey: " + message + ".");
            System.exit(2);
            return;
        }
        System.out.printf("Footprint of %,d counted frames (count 2) in %,d physical frames (%s), seed %d%n%n",
                counted, physical, humanBytes(physical * Frames.PAGE_SIZE), seed);
        System.out.print(format(survey(counted, physical, seed)));
        System.out.printf("%nstruct page: %d B per physical frame = %.2f B per counted frame here, 1.5625%% of memory.%n",
                Frames.STRUCT_PAGE_BYTES, (double) Frames.STRUCT_PAGE_BYTES * physical / counted);
    }

    private static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.0f %s", v, units[u]);
    }
}
