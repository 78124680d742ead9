package org.cowmeta.tables.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Single-thread semantics of the compact table: counts, spill, batches, trace and footprint. */
class CompactTableTest {
    static final long FRAMES = 1L << 40;

    static CompactTable table(String... options) {
        TableConfig c = TableConfig.of(FRAMES);
        for (int i = 0; i < options.length; i += 2) {
            c = c.withOption(options[i], options[i + 1]);
        }
        return new CompactTable(c);
    }

    @Test
    void registeredAsOurs() {
        assertEquals("ours", TableRegistry.get("compact").family());
    }

    @Test
    void absentCountsOneAndEntriesComeAndGo() {
        try (CompactTable t = table()) {
            assertEquals(1, t.get(7));
            assertEquals(2, t.increment(7));
            assertEquals(3, t.increment(7));
            assertEquals(1, t.entries());
            assertEquals(2, t.decrement(7));
            assertEquals(1, t.decrement(7));
            assertEquals(0, t.entries());
            assertEquals(0, t.decrement(7));
            assertEquals(1, t.get(7));
            assertEquals(2, t.increment(0));
            assertEquals(2, t.increment(FRAMES - 1));
            assertEquals(1, t.get(1));
            t.checkInvariants();
        }
    }

    @Test
    void badFramesAreRejectedAndChangeNothing() {
        try (CompactTable t = table()) {
            assertThrows(IllegalArgumentException.class, () -> t.increment(-1));
            assertThrows(IllegalArgumentException.class, () -> t.get(FRAMES));
            long[] batch = {1, 2, FRAMES};
            assertThrows(IllegalArgumentException.class, () -> t.incrementAll(batch, 0, 3));
            assertEquals(0, t.entries());
            assertEquals(1, t.get(1));
        }
    }

    @Test
    void countsSpillPastTheInlineWidthExactly() {
        for (int bits : new int[] {2, 3, 12}) {
            try (CompactTable t = table("inlineBits", Integer.toString(bits))) {
                long spillAt = (1L << bits) - 1;
                long top = spillAt * 3 + 5;
                for (long c = 2; c <= top; c++) {
                    assertEquals(c, t.increment(42), "bits " + bits);
                    assertEquals(c, t.get(42), "bits " + bits);
                }
                for (long c = top - 1; c >= 1; c--) {
                    assertEquals(c, t.decrement(42), "bits " + bits);
                    assertEquals(c, t.get(42), "bits " + bits);
                }
                assertEquals(0, t.entries());
                assertEquals(0, t.stats().extra().get("spilledCounts"));
                t.checkInvariants();
            }
        }
    }

    @Test
    void seededCountsBeyondTwoToTheThirtyTwoStayExact() {
        try (CompactTable t = table()) {
            long big = (1L << 33) + 17;
            t.seed(5, big);
            assertEquals(big, t.get(5));
            assertEquals(big + 1, t.increment(5));
            assertEquals(big, t.decrement(5));
            t.seed(5, 70_000);
            assertEquals(70_000, t.get(5));
            t.seed(5, 3);
            assertEquals(3, t.get(5));
            assertEquals(0, t.stats().extra().get("spilledCounts"));
            t.seed(5, 1);
            assertEquals(1, t.get(5));
            assertEquals(0, t.entries());
            t.seed(6, (1L << 32) + 1);
            assertEquals((1L << 32) + 1, t.get(6));
            assertEquals(1, t.footprint().modeledParts().get("overflow") / SpillCounts.MODELED_BYTES_PER_COUNT);
            t.checkInvariants();
        }
    }

    /** Every batch path against a model, with frames that share homes (grouping) and a table that grows and shrinks. */
    @ParameterizedTest(name = "homeGroupBits={0}")
    @ValueSource(ints = {0, 2, 3})
    void batchesAgreeWithSingleCalls(int groupBits) {
        long seed = 20261124L;
        SplittableRandom r = new SplittableRandom(seed);
        try (CompactTable t = table("batchWindow", "16", "homeGroupBits", Integer.toString(groupBits))) {
            Map<Long, Long> model = new HashMap<>();
            for (int round = 0; round < 200; round++) {
                long[] batch = new long[1 + r.nextInt(600)];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = r.nextInt(2000); // repeats within a batch on purpose
                }
                long[] counts = new long[batch.length];
                t.getAll(batch, 0, batch.length, counts);
                for (int i = 0; i < batch.length; i++) {
                    assertEquals(model.getOrDefault(batch[i], 1L).longValue(), counts[i], "seed " + seed + " round " + round + " getAll at " + i);
                }
                if (r.nextBoolean()) {
                    t.incrementAll(batch, 0, batch.length);
                    for (long f : batch) {
                        model.put(f, model.getOrDefault(f, 1L) + 1);
                    }
                } else {
                    List<Long> released = new ArrayList<>();
                    t.decrementAll(batch, 0, batch.length, released::add);
                    List<Long> expected = new ArrayList<>();
                    for (long f : batch) {
                        long c = model.getOrDefault(f, 1L) - 1;
                        if (c <= 0) {
                            expected.add(f);
                            model.remove(f);
                        } else if (c == 1) {
                            model.remove(f);
                        } else {
                            model.put(f, c);
                        }
                    }
                    released.sort(null);
                    expected.sort(null);
                    assertEquals(expected, released, "seed " + seed + " round " + round);
                }
            }
            for (long f = 0; f < 2000; f++) {
                assertEquals(model.getOrDefault(f, 1L).longValue(), t.get(f), "seed " + seed + " frame " + f);
            }
            t.checkInvariants();
        }
    }

    @Test
    void aHitOrMissInTheHomeBucketIsOneLineAndOneDependentLoad() {
        try (CompactTable t = table()) {
            for (long f = 0; f < 100; f++) {
                t.increment(f * 7919);
            }
            for (long f = 0; f < 100; f++) {
                AccessTrace hit = AccessTrace.of(t, Op.GET, f * 7919);
                if (t.homeOverflow(f * 7919) == 0) {
                    assertEquals(1, hit.cacheLines(), "frame " + f);
                }
                assertEquals(1, hit.dependentLoads(), "frame " + f);
            }
            long misses = 0;
            for (long f = 1; f < 5000; f += 2) {
                if (t.homeOverflow(f) == 0) {
                    AccessTrace miss = AccessTrace.of(t, Op.GET, f);
                    assertEquals(1, miss.cacheLines());
                    assertEquals(1, miss.dependentLoads());
                    misses++;
                }
            }
            assertTrue(misses > 1000, "most homes have no overflow at this load");
        }
    }

    @Test
    void seedingAndInsertingPastFullGrowTheTable() throws InterruptedException {
        // One bucket and a size check only every 2^20 inserts: the table fills before any check.
        try (CompactTable t = table("initialBuckets", "1", "minBuckets", "1", "sizeCheckInterval", "1048576")) {
            for (long f = 0; f < 100; f++) {
                t.seed(f * 31, 3);
            }
            for (long f = 0; f < 100; f++) {
                assertEquals(2, t.increment(f * 31 + 1));
            }
            for (long f = 0; f < 100; f++) {
                assertEquals(3, t.get(f * 31));
                assertEquals(2, t.get(f * 31 + 1));
            }
            assertTrue(t.stats().resizes() > 0);
            // The last inserts may have started one more grow that no later operation helped finish.
            t.resizeControl().orElseThrow().awaitQuiescent();
            t.checkInvariants();
        }
    }

    @Test
    void insertsDuringAResizeGoStraightToTheNextArrayAndMigrateNothing() throws InterruptedException {
        // callers: the target is attached by startGrow itself, so every insert below meets it
        try (CompactTable t = table("initialBuckets", "64", "blockBuckets", "1", "migrator", "callers")) {
            for (long f = 0; f < 200; f++) {
                t.increment(f * 7919);
            }
            ResizeControl c = t.resizeControl().orElseThrow();
            c.hold(); // only the steps below migrate
            assertTrue(c.startGrow());
            for (long f = 200; f < 400; f++) {
                assertEquals(2, t.increment(f * 7919), "insert of frame " + f);
            }
            assertEquals(0, t.migratedHomes(), "no insert migrated its home");
            for (long f = 0; f < 400; f++) {
                long frame = f * 7919;
                assertEquals(2, t.get(frame));
                assertEquals(3, t.increment(frame));
                assertEquals(2, t.decrement(frame));
            }
            for (long f = 300; f < 400; f++) { // entries made in the next array are removed there and made again
                assertEquals(1, t.decrement(f * 7919));
                assertEquals(1, t.get(f * 7919));
                assertEquals(2, t.increment(f * 7919));
            }
            assertEquals(0, t.migratedHomes());
            assertTrue(c.step());
            assertTrue(t.migratedHomes() > 0, "a step migrates");
            while (c.step()) {
                assertTrue(c.inProgress() || t.migratedHomes() == 0);
            }
            assertFalse(c.inProgress());
            assertEquals(128, t.stats().extra().get("buckets"));
            t.checkInvariants();
            for (long f = 0; f < 400; f++) {
                assertEquals(2, t.get(f * 7919), "frame " + f + " after the resize");
            }
        }
    }

    /**
     * A migration that stalls (here held; in a run, a migrator descheduled mid-block) while
     * inserts go on: the target admits new entries only up to the slots its copies cannot need,
     * then the insert that finds no room finishes the migration itself and goes on in the new
     * array. Without the bound the inserts fill the target and the copies no longer fit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"grow", "shrink"})
    void insertsIntoAStalledResizeStopAtItsRoomAndFinishTheMigration(String resize) throws InterruptedException {
        boolean grow = resize.equals("grow");
        try (CompactTable t = table("initialBuckets", grow ? "4" : "64", "blockBuckets", "1", "automaticShrinking", "false",
                "migrator", "callers")) {
            ResizeControl c = t.resizeControl().orElseThrow();
            c.hold();
            long before = grow ? 20 : 100; // below the load factor of 32 slots; below shrinkLoad of 512
            for (long f = 0; f < before; f++) {
                assertEquals(2, t.increment(f * 7919));
            }
            assertTrue(grow ? c.startGrow() : c.startShrink());
            assertEquals(grow ? 4L : 64L, t.stats().extra().get("buckets"), "the resize has not migrated anything yet");
            // Stalled, not held (a held migration moves by steps alone, so a refused insert would
            // wait for them): at this pace the callers take one block between them and no more.
            c.pace(TimeUnit.HOURS.toNanos(1));
            long total = before + 400; // far more than the target holds beside its copies
            for (long f = before; f < total; f++) {
                assertEquals(2, t.increment(f * 7919), "insert of frame " + f);
            }
            assertTrue(t.stats().resizes() >= 1, "the insert that found no room finished the stalled migration");
            assertEquals(total, t.entries());
            c.pace(0);
            c.awaitQuiescent();
            t.checkInvariants();
            for (long f = 0; f < total; f++) {
                assertEquals(2, t.get(f * 7919), "frame " + f);
            }
        }
    }

    /** The background migrator finishes a resize that no operation touches; the callers migrator needs operations (or a wait that helps). */
    @Test
    @Timeout(120) // a guard against a hang, not a measurement: the resize takes milliseconds
    void theBackgroundMigratorFinishesAResizeNobodyOperatesOn() throws InterruptedException {
        try (CompactTable t = table("initialBuckets", "64", "blockBuckets", "1", "migrator", "background")) {
            for (long f = 0; f < 300; f++) {
                t.increment(f * 7919);
            }
            ResizeControl c = t.resizeControl().orElseThrow();
            assertFalse(c.callersMigrate());
            assertTrue(c.startGrow());
            while (c.inProgress()) {
                Thread.sleep(1);
            }
            assertEquals(128, t.stats().extra().get("buckets"));
            t.checkInvariants();
        }
        try (CompactTable t = table("initialBuckets", "64", "blockBuckets", "1", "migrator", "callers")) {
            ResizeControl c = t.resizeControl().orElseThrow();
            assertTrue(c.callersMigrate());
            assertTrue(c.startGrow());
            for (long f = 0; f < 200 && c.inProgress(); f++) {
                t.increment(f * 7919); // each one takes a block (pace 0)
            }
            assertFalse(c.inProgress(), "64 updates migrate the 64 one-bucket blocks");
            t.checkInvariants();
        }
    }

    /**
     * A table that stays nearly empty under single increments and decrements of random frames
     * (each removal may ask for a shrink), with a batch of 512 inserts and their removal now and
     * then, as the macro suite's JIT warm-up does, with either migrator (the background one
     * attaches a shrink a little after it was asked for): every count and invariant must hold. (When a batch's new entries were
     * counted once per group, a shrink attached during a batch could get a target of 4 buckets for
     * more entries than it had slots; that failed about one macro worker's warm-up in three. This
     * test did not hit that interleaving in four runs of the old code: it guards the pattern, the
     * macro worker is what reproduced it.)
     */
    @ParameterizedTest
    @CsvSource({"callers, 1", "callers, 2", "background, 3", "background, 4"})
    void batchesIntoANearlyEmptyTableNeverOverfillAShrinksTarget(String migrator, long seed) throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] batch = new long[512];
        try (CompactTable t = table("migrator", migrator)) {
            for (int i = 0; i < 100_000; i++) {
                long f = rnd.nextLong(1L << 16);
                assertEquals(2, t.increment(f));
                assertEquals(1, t.decrement(f));
                if (i % batch.length == 0) {
                    for (int k = 0; k < batch.length; k++) {
                        batch[k] = rnd.nextLong(1L << 16);
                    }
                    t.incrementAll(batch, 0, batch.length);
                    t.decrementAll(batch, 0, batch.length, released -> { });
                    assertEquals(0, t.entries(), "after batch " + i / batch.length);
                }
            }
            t.resizeControl().orElseThrow().awaitQuiescent();
            t.checkInvariants();
        }
    }

    @Test
    void anUnknownMigratorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> table("migrator", "nobody"));
    }

    @Test
    void footprintIsTheBucketArrayPlusOverflow() {
        long expected = 100_000;
        try (CompactTable t = new CompactTable(TableConfig.of(FRAMES).withExpectedEntries(expected))) {
            long buckets = (long) Math.ceil(expected / (8 * 0.7));
            Footprint f = t.footprint();
            assertEquals(buckets * 64, f.modeledParts().get("buckets"));
            assertEquals(0, f.modeledParts().get("overflow"));
            assertEquals(buckets * 64, f.jvmParts().get("buckets"));
            t.seed(3, 1L << 20);
            assertEquals(buckets * 64 + SpillCounts.MODELED_BYTES_PER_COUNT, t.footprint().modeledBytes());
            assertEquals(buckets * 64 + SpillCounts.JVM_BYTES_PER_COUNT, t.footprint().jvmBytes());
        }
    }

    @Test
    void fourMillionCountedFramesTakeAtMostTwelveModeledBytesEach() {
        int n = 1 << 22;
        long seed = 4242;
        long odd = new SplittableRandom(seed).nextLong() | 1;
        try (CompactTable t = new CompactTable(TableConfig.of(FRAMES).withExpectedEntries(n))) {
            for (long i = 0; i < n; i++) {
                t.increment((i * odd) & (FRAMES - 1)); // distinct: odd multipliers permute mod 2^40
            }
            assertEquals(n, t.entries());
            double perEntry = t.footprint().modeledPerEntry(t.entries());
            assertTrue(perEntry <= 12, "seed " + seed + ": " + perEntry + " B per counted frame");
            assertEquals(0, t.stats().resizes(), "sized by the hint, no resize needed");
        }
    }
}
