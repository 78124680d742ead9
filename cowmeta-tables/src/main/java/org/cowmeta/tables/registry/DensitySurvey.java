package org.cowmeta.tables.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.Hashing;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;

/**
 * What a table occupies per counted frame as a function of how counted frames cluster in
 * physical memory: for each density (counted frames per 2 MiB area: 1, 2, 4, ... 512), the same
 * number of counted frames is spread over {@code counted / density} random areas, {@code density}
 * random distinct frames in each, and every table is filled with them (count 2 each, no size
 * hint) and read at rest.
 *
 * <p>Real sharing is clustered (a fork shares whole runs of a process's memory), scattered
 * sharing (KSM, page cache, fork-exec) is not; a table keyed by area pays per area, a table keyed
 * by frame pays per frame, so the curve shows where each wins. The physical memory is the same
 * at every density ({@code 512 x counted} frames: room for one counted frame per area), so
 * {@code dense}, which pays 64 B per physical frame, is the same at every density.
 */
public final class DensitySurvey {
    /** The densities surveyed: counted frames per 2 MiB area. */
    public static final List<Integer> DENSITIES = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512);

    /** One table at one density. */
    public record Row(String table, int framesPerArea, long entries, long physicalFrames,
                      double modeledPerFrame, double jvmPerFrame) {}

    private DensitySurvey() {}

    /** The physical memory every density is surveyed in: one area per counted frame. */
    public static long physicalFrames(long counted) {
        return counted * Frames.AREA_FRAMES;
    }

    /**
     * Every spec at every density of {@link #DENSITIES}, with {@code counted} counted frames
     * (a multiple of 512, so every density has whole areas).
     */
    public static List<Row> survey(List<TableSpec> specs, long counted, long seed) {
        if (counted < Frames.AREA_FRAMES || counted % Frames.AREA_FRAMES != 0 || physicalFrames(counted) > Frames.LIMIT) {
            throw new IllegalArgumentException("counted frames must be a positive multiple of " + Frames.AREA_FRAMES
                    + " with " + Frames.AREA_FRAMES + " areas' worth of frames below 2^40, not " + counted);
        }
        List<Row> rows = new ArrayList<>();
        for (int density : DENSITIES) {
            long[] frames = frames(counted, density, seed);
            for (TableSpec spec : specs) {
                rows.add(measure(spec, frames, density, physicalFrames(counted), seed));
            }
        }
        return rows;
    }

    private static Row measure(TableSpec spec, long[] frames, int density, long physical, long seed) {
        try (RefCountTable table = spec.create(TableConfig.of(physical).withSeed(seed))) {
            FootprintSurvey.fillAtRest(table, frames);
            long entries = table.entries();
            Footprint fp = table.footprint();
            return new Row(spec.name(), density, entries, physical, fp.modeledPerEntry(entries), fp.jvmPerEntry(entries));
        }
    }

    /**
     * {@code counted} distinct frames, {@code density} in each of {@code counted / density}
     * distinct random areas of the survey's memory, in random order.
     */
    static long[] frames(long counted, int density, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (density * Hashing.GOLDEN_GAMMA));
        long areaCount = counted / density;
        long[] areas = FootprintSurvey.distinctFrames(areaCount, counted, rnd.nextLong());
        long[] frames = new long[(int) counted];
        int[] offsets = new int[Frames.AREA_FRAMES];
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = k;
        }
        int i = 0;
        for (long area : areas) {
            for (int k = 0; k < density; k++) { // a partial Fisher-Yates shuffle draws distinct offsets
                int j = k + rnd.nextInt(offsets.length - k);
                int t = offsets[k];
                offsets[k] = offsets[j];
                offsets[j] = t;
                frames[i++] = area * Frames.AREA_FRAMES + offsets[k];
            }
        }
        for (int k = frames.length - 1; k > 0; k--) {
            int j = rnd.nextInt(k + 1);
            long t = frames[k];
            frames[k] = frames[j];
            frames[j] = t;
        }
        return frames;
    }
}
