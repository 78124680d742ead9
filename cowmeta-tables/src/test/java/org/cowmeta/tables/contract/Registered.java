package org.cowmeta.tables.contract;

import java.util.stream.Stream;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.tables.TableSpec;

/**
 * The tables the generic suites run over (every entry of the {@link TableRegistry}), the seed of
 * a randomized run, and how the suites build tables. Pass {@code -Dcowmeta.seed=N} to replay a
 * failure; otherwise each run draws a fresh seed and prints it in every failure message.
 */
public final class Registered {
    /** Physical memory for parts that keep frames below a fixed limit (the dense table is sized by it). */
    public static final long PHYSICAL_FRAMES = 1L << 22;

    private Registered() {}

    /** For {@code @MethodSource("org.cowmeta.tables.contract.Registered#specs")}. */
    public static Stream<TableSpec> specs() {
        return TableRegistry.all().stream();
    }

    public static long seed() {
        String s = System.getProperty("cowmeta.seed");
        return s != null ? Long.parseLong(s) : System.nanoTime() ^ 0x9E3779B97F4A7C15L;
    }

    public static RefCountTable create(TableSpec spec, long physicalFrames, long seed) {
        return spec.create(TableConfig.of(physicalFrames).withSeed(seed));
    }

    /**
     * A table that serves all 2^40 frames if the design can; a design sized by physical memory
     * (dense) refuses that with an {@link IllegalArgumentException} and gets
     * {@link #PHYSICAL_FRAMES} instead. The returned holder says which limit applies.
     */
    public static Sized createWidest(TableSpec spec, long seed) {
        try {
            return new Sized(create(spec, Frames.LIMIT, seed), Frames.LIMIT);
        } catch (IllegalArgumentException tooLarge) {
            return new Sized(create(spec, PHYSICAL_FRAMES, seed), PHYSICAL_FRAMES);
        }
    }

    /** A table and the frame limit the test keeps below. */
    public record Sized(RefCountTable table, long frameLimit) {}
}
