package org.cowmeta.tables.registry;

import org.cowmeta.tables.TableSpec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link FootprintSurvey} will need, estimated before it starts, so that a size the JVM
 * cannot hold fails at once with a sentence instead of an OutOfMemoryError half-way through.
 *
 * <p>A table's bytes are about {@code a * counted + b * physicalFrames} (hash tables grow with
 * their entries, the struct-page baselines with the memory): two small pilot surveys, at one
 * memory size and at twice it, give each table's a and b. The need is the survey's inputs (the
 * frames and the set that keeps them distinct) plus the largest table, doubled: a table grows in
 * powers of two and holds two bucket arrays while it resizes.
 */
public final class SurveyMemory {
    private static final long PILOT_COUNTED = 4_096;
    private static final long PILOT_PHYSICAL = 1 << 16;
    private static final int PEAK_FACTOR = 2;

    private SurveyMemory() {}

    /** Bytes the survey of {@code specs} at {@code counted} frames of {@code physicalFrames} needs at its peak. */
    public static long need(List<TableSpec> specs, long counted, long physicalFrames, long seed) {
        long n = Math.min(counted, PILOT_COUNTED);
        long p = Math.max(PILOT_PHYSICAL, n);
        List<FootprintSurvey.Row> small = FootprintSurvey.survey(specs, n, p, seed);
        List<FootprintSurvey.Row> large = FootprintSurvey.survey(specs, n, 2 * p, seed);
        double table = 0;
        for (int i = 0; i < small.size(); i++) {
            double b1 = small.get(i).jvmPerFrame() * small.get(i).entries();
            double b2 = large.get(i).jvmPerFrame() * large.get(i).entries();
            double perPhysical = Math.max(0, (b2 - b1) / p);
            double perCounted = Math.max(0, (b1 - perPhysical * p) / n);
            table = Math.max(table, perCounted * counted + perPhysical * physicalFrames);
        }
        double inputs = 8.0 * counted + (physicalFrames <= (1L << 34) ? physicalFrames / 8.0 : 64.0 * counted);
        return (long) Math.min(Long.MAX_VALUE, inputs + PEAK_FACTOR * table);
    }

    /** Empty when the need fits in what the heap has left; else one sentence saying how much it needs. */
    public static Optional<String> check(List<TableSpec> specs, long counted, long physicalFrames, long seed) {
        long need = need(specs, counted, physicalFrames, seed);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need <= free) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "%,d counted frames in %,d physical frames need about %,d MiB (the largest table at its peak and the frames), "
                        + "but the JVM has %,d MiB left: use fewer frames or tables, or a larger heap (-Xmx)",
                counted, physicalFrames, need >> 20, free >> 20));
    }
}
