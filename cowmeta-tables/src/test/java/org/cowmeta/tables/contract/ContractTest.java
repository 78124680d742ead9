package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.TableStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract, checked for every registered table against {@link ReferenceModel}: long random
 * sequences of single-frame and batch operations (every result and every released frame compared),
 * counts across 2^32, bad frames, entries, stats, footprint and traces. Single-threaded: the
 * concurrent suites are {@link ConservationStressTest}, {@link ResizeVisibilityTest} and the
 * Lincheck tests.
 */
class ContractTest {
    private static final String SPECS = "org.cowmeta.tables.contract.Registered#specs";
    private static final long TWO_32 = 1L << 32;

    /** A small key range: heavy collisions and many absent -> 2 -> 1 -> absent cycles. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void smallKeyRangeMatchesTheModel(TableSpec spec) {
        long seed = Registered.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] keys = new long[48];
        for (int i = 0; i < keys.length; i++) {
            // Half consecutive frames (neighbours in every layout), half scattered.
            keys[i] = i < 24 ? i : rnd.nextLong(Registered.PHYSICAL_FRAMES);
        }
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            runRandomOps(spec, table, keys, 150_000, rnd, seed);
        }
    }

    /** Random frames over the widest range the table serves (40 bits for hash tables). */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void largeRangeMatchesTheModel(TableSpec spec) {
        long seed = Registered.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        Registered.Sized sized = Registered.createWidest(spec, seed);
        long[] keys = new long[20_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rnd.nextLong(sized.frameLimit());
        }
        keys[0] = 0;
        keys[1] = sized.frameLimit() - 1;
        try (RefCountTable table = sized.table()) {
            runRandomOps(spec, table, keys, 150_000, rnd, seed);
        }
    }

    private static void runRandomOps(TableSpec spec, RefCountTable table, long[] keys, int steps,
                                     SplittableRandom rnd, long seed) {
        ReferenceModel model = new ReferenceModel();
        long[] batch = new long[24];
        List<Long> released = new ArrayList<>();
        List<Long> expectedReleased = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            long frame = keys[rnd.nextInt(keys.length)];
            String where = where(spec, seed, step, frame);
            int dice = rnd.nextInt(100);
            if (dice < 25) {
                assertEquals(model.get(frame), table.get(frame), where + " get");
            } else if (dice < 55) {
                assertEquals(model.increment(frame), table.increment(frame), where + " increment");
            } else if (dice < 85) {
                assertEquals(model.decrement(frame), table.decrement(frame), where + " decrement");
            } else {
                int n = rnd.nextInt(batch.length + 1);
                for (int i = 0; i < n; i++) {
                    // Repeats on purpose: a frame may appear several times in one batch.
                    batch[i] = rnd.nextInt(4) == 0 && i > 0 ? batch[rnd.nextInt(i)] : keys[rnd.nextInt(keys.length)];
                }
                int from = n == 0 ? 0 : rnd.nextInt(Math.min(n, 3));
                if (dice >= 97) {
                    long[] counts = new long[n - from + rnd.nextInt(2)];
                    table.getAll(batch, from, n, counts);
                    for (int i = from; i < n; i++) {
                        assertEquals(model.get(batch[i]), counts[i - from], where + " getAll " + Arrays.toString(Arrays.copyOfRange(batch, from, n)) + " at " + i);
                    }
                } else if (dice < 92) {
                    table.incrementAll(batch, from, n);
                    for (int i = from; i < n; i++) {
                        model.increment(batch[i]);
                    }
                    for (int i = from; i < n; i++) {
                        assertEquals(model.get(batch[i]), table.get(batch[i]), where + " after incrementAll " + Arrays.toString(Arrays.copyOfRange(batch, from, n)));
                    }
                } else {
                    released.clear();
                    expectedReleased.clear();
                    table.decrementAll(batch, from, n, released::add);
                    for (int i = from; i < n; i++) {
                        if (model.decrement(batch[i]) == 0) {
                            expectedReleased.add(batch[i]);
                        }
                    }
                    released.sort(null);
                    expectedReleased.sort(null);
                    String b = Arrays.toString(Arrays.copyOfRange(batch, from, n));
                    assertEquals(expectedReleased, released, where + " frames released by decrementAll " + b);
                    for (int i = from; i < n; i++) {
                        assertEquals(model.get(batch[i]), table.get(batch[i]), where + " after decrementAll " + b);
                    }
                }
            }
            if (step % 10_007 == 0) {
                assertEquals(model.entries(), table.entries(), where + " entries()");
            }
        }
        assertEquals(model.entries(), table.entries(), where(spec, seed, steps, -1) + " entries() at the end");
        for (Map.Entry<Long, Long> e : model.counts.entrySet()) {
            assertEquals(e.getValue(), table.get(e.getKey()), where(spec, seed, steps, e.getKey()) + " final count");
        }
        assertEquals(model.entries(), table.stats().entries(), where(spec, seed, steps, -1) + " stats().entries()");
        checkFootprint(spec, table, seed);
    }

    /** Counts near 2^32 are exact in both directions, one at a time and in batches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void countsCrossTwoToTheThirtyTwoExactly(TableSpec spec) {
        long seed = Registered.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            ReferenceModel model = new ReferenceModel();
            long[] frames = {7, 8, rnd.nextLong(Registered.PHYSICAL_FRAMES)};
            long[] starts = {TWO_32 - 3, TWO_32 + 2, (1L << 33) - 1};
            for (int i = 0; i < frames.length; i++) {
                table.seed(frames[i], starts[i]);
                model.seed(frames[i], starts[i]);
                assertEquals(starts[i], table.get(frames[i]), where(spec, seed, i, frames[i]) + " seeded count");
            }
            assertEquals(model.entries(), table.entries(), where(spec, seed, 0, -1) + " entries after seeding");
            long[] batch = new long[6];
            List<Long> released = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                long frame = frames[rnd.nextInt(frames.length)];
                String where = where(spec, seed, step, frame);
                switch (rnd.nextInt(4)) {
                    case 0 -> assertEquals(model.increment(frame), table.increment(frame), where + " increment");
                    case 1 -> assertEquals(model.decrement(frame), table.decrement(frame), where + " decrement");
                    case 2 -> {
                        for (int i = 0; i < batch.length; i++) {
                            batch[i] = frames[rnd.nextInt(frames.length)];
                        }
                        table.incrementAll(batch, 0, batch.length);
                        for (long f : batch) {
                            model.increment(f);
                        }
                    }
                    default -> {
                        for (int i = 0; i < batch.length; i++) {
                            batch[i] = frames[rnd.nextInt(frames.length)];
                        }
                        table.decrementAll(batch, 0, batch.length, released::add);
                        for (long f : batch) {
                            model.decrement(f);
                        }
                    }
                }
                for (long f : frames) {
                    assertEquals(model.get(f), table.get(f), where + " count of " + f);
                }
            }
            assertTrue(released.isEmpty(), where(spec, seed, 400, -1) + " nothing near 2^32 may be released");
            // Walk one frame down across the boundary by single steps.
            table.seed(frames[0], TWO_32 + 2);
            for (long expected = TWO_32 + 1; expected >= TWO_32 - 2; expected--) {
                assertEquals(expected, table.decrement(frames[0]), where(spec, seed, -1, frames[0]) + " decrement across 2^32");
            }
            // And seeding back to 1 removes the entry.
            for (long f : frames) {
                table.seed(f, 1);
                assertEquals(1, table.get(f), where(spec, seed, -1, f) + " seeded back to 1");
            }
            assertEquals(0, table.entries(), where(spec, seed, -1, -1) + " entries after seeding every frame to 1");
        }
    }

    /** Frames outside [0, 2^40) are rejected by every operation, and the table is unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void badFramesAreRejectedAndChangeNothing(TableSpec spec) {
        long seed = Registered.seed();
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            long[] good = {3, 5, 5, 1000};
            for (long f : good) {
                table.increment(f);
            }
            long entries = table.entries();
            long[] counts = countsOf(table, good);
            for (long bad : new long[] {-1, Frames.LIMIT, Long.MIN_VALUE, Long.MAX_VALUE}) {
                String where = where(spec, seed, 0, bad);
                assertThrows(IllegalArgumentException.class, () -> table.get(bad), where + " get");
                assertThrows(IllegalArgumentException.class, () -> table.increment(bad), where + " increment");
                assertThrows(IllegalArgumentException.class, () -> table.decrement(bad), where + " decrement");
                assertThrows(IllegalArgumentException.class, () -> table.seed(bad, 5), where + " seed");
                assertThrows(IllegalArgumentException.class, () -> table.trace(Op.GET, bad, new AccessTrace()), where + " trace");
                long[] batch = {3, 5, 1000, bad, 3};
                assertThrows(IllegalArgumentException.class, () -> table.incrementAll(batch, 0, batch.length), where + " incrementAll");
                assertThrows(IllegalArgumentException.class,
                        () -> table.decrementAll(batch, 0, batch.length, f -> fail(where + " released " + f)),
                        where + " decrementAll");
                long[] out = {-7, -7, -7, -7, -7};
                assertThrows(IllegalArgumentException.class, () -> table.getAll(batch, 0, batch.length, out), where + " getAll");
                assertEquals("[-7, -7, -7, -7, -7]", Arrays.toString(out), where + " getAll wrote counts of a rejected batch");
                assertThrows(IllegalArgumentException.class, () -> table.getAll(good, 0, good.length, new long[good.length - 1]),
                        where + " getAll into too short an array");
                long[] badLast = {3, 5, 1000, 3, bad};
                assertThrows(IllegalArgumentException.class, () -> table.incrementAll(badLast, 0, badLast.length), where + " incrementAll, bad frame last");
                assertThrows(IllegalArgumentException.class,
                        () -> table.decrementAll(badLast, 0, badLast.length, f -> fail(where + " released " + f)),
                        where + " decrementAll, bad frame last");
                assertEquals(Arrays.toString(counts), Arrays.toString(countsOf(table, good)), where + " counts changed by a rejected call");
                assertEquals(entries, table.entries(), where + " entries changed by a rejected call");
            }
            // A bad frame outside [from, to) is not part of the batch.
            long[] padded = {-1, 3, -1};
            table.incrementAll(padded, 1, 2);
            table.decrementAll(padded, 1, 2, f -> fail("released " + f));
            assertEquals(Arrays.toString(counts), Arrays.toString(countsOf(table, good)), where(spec, seed, 1, -1) + " batch range");
        }
    }

    /**
     * A frame at or beyond the configured physical memory: a design sized by it (dense) rejects
     * it like a bad frame; a hash table may count it. Either way nothing else changes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void frameBeyondPhysicalMemoryIsCountedOrRejectedCleanly(TableSpec spec) {
        long seed = Registered.seed();
        long physical = 1L << 10;
        try (RefCountTable table = Registered.create(spec, physical, seed)) {
            table.increment(physical - 1);
            try {
                assertEquals(2, table.increment(physical), where(spec, seed, 0, physical) + " increment beyond physical memory");
                assertEquals(2, table.get(physical), where(spec, seed, 0, physical));
                assertEquals(2, table.entries(), where(spec, seed, 0, physical));
            } catch (IllegalArgumentException rejected) {
                assertEquals(1, table.entries(), where(spec, seed, 0, physical) + " entries after a rejected frame");
                assertEquals(2, table.get(physical - 1), where(spec, seed, 0, physical - 1));
                assertThrows(IllegalArgumentException.class, () -> table.get(physical),
                        where(spec, seed, 0, physical) + " a table that rejects the frame for increment must reject it for get");
            }
        }
    }

    /** trace() of every op, on present and absent frames, reads something and changes nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void tracesCountLinesAndDependentLoads(TableSpec spec) {
        long seed = Registered.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            long[] frames = new long[200];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = rnd.nextLong(Registered.PHYSICAL_FRAMES);
                if (i % 2 == 0) {
                    table.increment(frames[i]);
                }
            }
            long entries = table.entries();
            long[] counts = countsOf(table, frames);
            for (long f : frames) {
                for (Op op : Op.values()) {
                    AccessTrace t = AccessTrace.of(table, op, f);
                    String where = where(spec, seed, 0, f) + " trace(" + op + ") = " + t;
                    assertTrue(t.cacheLines() >= 1, where);
                    assertTrue(t.dependentLoads() >= 1, where);
                }
            }
            assertEquals(Arrays.toString(counts), Arrays.toString(countsOf(table, frames)), where(spec, seed, 0, -1) + " trace changed counts");
            assertEquals(entries, table.entries(), where(spec, seed, 0, -1) + " trace changed entries");
        }
    }

    /** An empty table and a filled one: stats agree with entries(), footprint parts are sane. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SPECS)
    void statsAndFootprintAreConsistent(TableSpec spec) {
        long seed = Registered.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            assertEquals(0, table.entries(), where(spec, seed, 0, -1) + " a new table is empty");
            assertEquals(0, table.stats().entries(), where(spec, seed, 0, -1));
            checkParts(spec, table.footprint(), seed);
            ReferenceModel model = new ReferenceModel();
            for (int i = 0; i < 5000; i++) {
                long f = rnd.nextLong(Registered.PHYSICAL_FRAMES);
                model.increment(f);
                table.increment(f);
            }
            TableStats stats = table.stats();
            assertEquals(model.entries(), table.entries(), where(spec, seed, 0, -1));
            assertEquals(model.entries(), stats.entries(), where(spec, seed, 0, -1) + " " + stats);
            assertTrue(stats.capacity() > 0, where(spec, seed, 0, -1) + " capacity " + stats);
            assertTrue(stats.resizes() >= 0 && !stats.resizeInProgress() || table.resizeControl().isPresent(), where(spec, seed, 0, -1) + " " + stats);
            checkFootprint(spec, table, seed);
        }
    }

    private static void checkFootprint(TableSpec spec, RefCountTable table, long seed) {
        Footprint fp = table.footprint();
        checkParts(spec, fp, seed);
        if (table.entries() > 0) {
            assertTrue(fp.modeledBytes() > 0, where(spec, seed, -1, -1) + " modeled bytes " + fp);
            assertTrue(fp.jvmBytes() > 0, where(spec, seed, -1, -1) + " JVM bytes " + fp);
        }
    }

    private static void checkParts(TableSpec spec, Footprint fp, long seed) {
        long modeled = 0;
        for (Map.Entry<String, Long> part : fp.modeledParts().entrySet()) {
            assertTrue(part.getValue() >= 0, where(spec, seed, -1, -1) + " modeled part " + part);
            modeled += part.getValue();
        }
        long jvm = 0;
        for (Map.Entry<String, Long> part : fp.jvmParts().entrySet()) {
            assertTrue(part.getValue() >= 0, where(spec, seed, -1, -1) + " JVM part " + part);
            jvm += part.getValue();
        }
        assertEquals(modeled, fp.modeledBytes(), where(spec, seed, -1, -1) + " modeled parts sum to the total");
        assertEquals(jvm, fp.jvmBytes(), where(spec, seed, -1, -1) + " JVM parts sum to the total");
    }

    private static long[] countsOf(RefCountTable table, long[] frames) {
        long[] c = new long[frames.length];
        for (int i = 0; i < frames.length; i++) {
            c[i] = table.get(frames[i]);
        }
        return c;
    }

    static String where(TableSpec spec, long seed, long step, long frame) {
        return "[table=" + spec.name() + " seed=" + seed + " (-Dcowmeta.seed=" + seed + ") step=" + step
                + (frame >= 0 ? " frame=" + frame : "") + "]";
    }
}
