package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each table's own account of its JVM bytes ({@code footprint().jvmBytes()}, usually a formula
 * over its capacity) is within {@link #TOLERANCE} of what {@link JvmBytes} measures, both for a
 * small and a larger filled table, and after most entries are removed again.
 *
 * <p>Objects that are reachable from a table but are not its data (an executor, a cache) would
 * distort the measurement: a table that has any adds one line to {@link #NOT_DATA} naming them;
 * they are subtracted from the measured graph. Threads cannot be walked by JOL at all and must
 * not be reachable from the table (see {@link JvmBytes}).
 */
class FootprintToleranceTest {
    static final double TOLERANCE = 0.10;

    /** Per table name: the objects reachable from it that are not data. Empty for most tables. */
    static final Map<String, Function<RefCountTable, Object[]>> NOT_DATA = Map.of();

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.cowmeta.tables.contract.Registered#specs")
    void jvmBytesMatchWhatIsMeasured(TableSpec spec) {
        long seed = Registered.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            long[] frames = rnd.longs(20_000, 0, Registered.PHYSICAL_FRAMES).toArray();
            int[] fills = {1_000, 20_000};
            int filled = 0;
            for (int fill : fills) {
                for (; filled < fill; filled++) {
                    table.increment(frames[filled]);
                }
                check(spec, table, seed, "after " + fill + " increments");
            }
            for (int i = 0; i < 16_000; i++) {
                table.decrement(frames[i]);
            }
            check(spec, table, seed, "after removing most entries");
        }
    }

    private static void check(TableSpec spec, RefCountTable table, long seed, String when) {
        // A background resize moves entries while JOL walks the graph, which then misses some: measure at rest.
        if (table.resizeControl().isPresent()) {
            try {
                table.resizeControl().get().awaitQuiescent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a resize to finish", e);
            }
        }
        Footprint fp = table.footprint();
        Object[] notData = NOT_DATA.getOrDefault(spec.name(), t -> new Object[0]).apply(table);
        JvmBytes.Measured measured = JvmBytes.measure(table, notData);
        double error = Math.abs(fp.jvmBytes() - measured.total()) / (double) measured.total();
        System.out.printf("footprint %-10s %-28s reported %,12d measured %,12d (%+.1f%%)%n", spec.name(), when,
                fp.jvmBytes(), measured.total(), 100.0 * (fp.jvmBytes() - measured.total()) / measured.total());
        assertTrue(error <= TOLERANCE, ContractTest.where(spec, seed, -1, -1) + " " + when + ": the table reports "
                + fp.jvmBytes() + " JVM bytes " + fp.jvmParts() + ", measured " + measured.total() + " ("
                + measured.summary() + "), off by " + Math.round(error * 1000) / 10.0 + "% > " + TOLERANCE * 100 + "%");
    }
}
