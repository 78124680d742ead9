package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.junit.jupiter.api.Test;

/** The kernel's sizing and resize rules: 75% growth, 30% shrinking, elasticity, max_elems, hints. */
class RhashtableResizeTest {

    @Test
    void growsWhenMoreThanThreeQuartersFull() {
        try (RhashtableTable t = new RhashtableTable(TestTables.config())) {
            assertEquals(64, t.stats().capacity());
            for (long f = 0; f < 48; f++) {
                t.increment(f);
            }
            // 48 = 64 / 4 * 3 is not above 75%: nothing scheduled.
            assertFalse(t.resizer.workerStarted(), "48 objects in 64 buckets must not schedule a resize");
            t.increment(48);
            TestTables.await(t);
            TableStats s = t.stats();
            assertEquals(128, s.capacity());
            assertEquals(1, s.resizes());
            assertEquals(1, s.extra().get("grows"));
            assertEquals(0, s.extra().get("emergencyRehashes"));
            for (long f = 0; f <= 48; f++) {
                assertEquals(2, t.get(f), "frame " + f);
            }
            // 97 objects: above 96 = 128 * 3/4, the next doubling.
            for (long f = 49; f < 97; f++) {
                t.increment(f);
            }
            TestTables.await(t);
            assertEquals(256, t.stats().capacity());
        }
    }

    private static RhashtableTable filled(boolean shrinking, int n) {
        TableConfig c = TestTables.config(7, Map.of("automaticShrinking", Boolean.toString(shrinking)));
        RhashtableTable t = new RhashtableTable(c);
        for (long f = 0; f < n; f++) {
            t.increment(f * 31);
        }
        TestTables.await(t);
        return t;
    }

    @Test
    void shrinksBelowThirtyPercentWhenEnabled() {
        try (RhashtableTable t = filled(true, 400)) {
            assertEquals(1024, t.stats().capacity()); // 400 > 384 = 512 * 3/4
            for (long f = 0; f < 390; f++) {
                assertEquals(1, t.decrement(f * 31));
            }
            TestTables.await(t);
            TableStats s = t.stats();
            assertTrue(s.extra().get("shrinks") >= 1, "no shrink: " + s);
            assertTrue(s.capacity() <= 32, "10 objects should leave at most 32 buckets: " + s);
            // The last table is one the rule no longer wants to shrink.
            assertFalse(10 < s.capacity() * 3 / 10 && s.capacity() > 4, "still below 30%: " + s);
            for (long f = 390; f < 400; f++) {
                assertEquals(2, t.get(f * 31), "frame " + f * 31);
            }
            for (long f = 0; f < 390; f++) {
                assertEquals(1, t.get(f * 31));
            }
        }
    }

    @Test
    void shrinkTargetIsRoundupOfOneAndAHalfTimesTheObjects() {
        try (RhashtableTable t = filled(true, 400)) {
            assertTrue(t.resizer.startShrink() == false, "400 objects fill 1024 buckets past 30%: nothing to shrink to");
            for (long f = 0; f < 100; f++) {
                t.decrement(f * 31);
            }
            TestTables.await(t); // 300 objects: 300 < 307 = 1024 * 3/10, the worker shrinks by itself
            assertEquals(512, t.stats().capacity()); // roundup_pow_of_two(450)
        }
    }

    @Test
    void neverShrinksWhenNotEnabled() {
        try (RhashtableTable t = filled(false, 400)) {
            for (long f = 0; f < 399; f++) {
                t.decrement(f * 31);
            }
            TestTables.await(t);
            TableStats s = t.stats();
            assertEquals(1024, s.capacity());
            assertEquals(0, s.extra().get("shrinks"));
            assertFalse(t.resizer.startShrink(), "startShrink must refuse when automaticShrinking is off");
            assertEquals(1, t.entries());
        }
    }

    @Test
    void aChainOfSixteenForcesASameSizeRehashWithANewSeed() {
        TableConfig c = TestTables.config(11, Map.of());
        try (RhashtableTable t = new RhashtableTable(c, TestTables.collideInFirstTable(c), null)) {
            for (long f = 0; f < 16; f++) {
                t.increment(f);
            }
            assertEquals(16, t.stats().maxProbe());
            assertEquals(0, t.stats().extra().get("emergencyRehashes"));
            t.increment(16); // the walk of 16 objects exhausts the elasticity
            TestTables.await(t);
            TableStats s = t.stats();
            assertEquals(1, s.extra().get("emergencyRehashes"), s.toString());
            assertEquals(0, s.extra().get("grows"), s.toString());
            assertEquals(64, s.capacity());
            assertEquals(1, s.resizes());
            assertTrue(s.maxProbe() < 6, "the new seed should spread the chain: " + s);
            for (long f = 0; f <= 16; f++) {
                assertEquals(2, t.get(f), "frame " + f);
            }
            assertEquals(17, t.entries());
        }
    }

    @Test
    void maxElemsIsAClearError() {
        TableConfig c = TestTables.config(3, Map.of("maxElems", "100"));
        try (RhashtableTable t = new RhashtableTable(c)) {
            for (long f = 0; f < 100; f++) {
                t.increment(f);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.increment(100));
            assertTrue(e.getMessage().contains("max_elems"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> t.incrementAll(new long[] {5, 101}, 0, 2));
            assertEquals(3, t.increment(7), "a counted frame still counts up");
            assertEquals(1, t.get(100));
            assertEquals(1, t.get(101));
            assertEquals(100, t.entries());
            t.decrement(0);
            assertEquals(2, t.increment(100), "a freed object makes room");
        }
    }

    @Test
    void maxSizeCapsTheTableAndDerivesMaxElems() {
        TableConfig c = TestTables.config(3, Map.of("maxSize", "100")); // rounded down to 64
        try (RhashtableTable t = new RhashtableTable(c)) {
            assertEquals(128, t.stats().extra().get("maxElems"));
            for (long f = 0; f < 128; f++) {
                t.increment(f);
            }
            TestTables.await(t);
            assertEquals(64, t.stats().capacity(), "max_size stops growth");
            assertFalse(t.resizer.startGrow());
            assertThrows(IllegalStateException.class, () -> t.increment(128));
        }
    }

    @Test
    void sizesFromTheHintAsRhashtableInit() {
        assertEquals(64, initial(TestTables.config()));
        assertEquals(2048, initial(TestTables.config().withExpectedEntries(1000))); // roundup(1333)
        assertEquals(4, initial(TestTables.config().withExpectedEntries(1))); // min_size
        // nelem_hint is a u16: a hint of a million saturates at 65535 -> roundup(87380).
        assertEquals(131072, initial(TestTables.config().withExpectedEntries(1_000_000)));
        assertEquals(1 << 21, initial(TestTables.config().withExpectedEntries(1_000_000).withOption("unclampedHint", "true")));
        assertEquals(1024, initial(TestTables.config().withOption("minSize", "1000")));
    }

    private static long initial(TableConfig c) {
        try (RhashtableTable t = new RhashtableTable(c)) {
            return t.stats().capacity();
        }
    }

    @Test
    void everyTableGetsAFreshReproducibleSeed() {
        TableConfig c = TestTables.config(99, Map.of());
        try (RhashtableTable a = new RhashtableTable(c); RhashtableTable b = new RhashtableTable(c)) {
            int first = a.table().hashRnd;
            assertEquals(first, b.table().hashRnd, "same config seed, same hash_rnd");
            assertTrue(a.resizer.startGrow());
            TestTables.await(a);
            assertTrue(a.table().hashRnd != first, "a new table must get a new hash_rnd");
            assertEquals(RhashtableModel.tableSeed(99, 1), a.table().hashRnd);
        }
    }

    @Test
    void closeStopsTheWorkerAndAnIdleWorkerEndsByItself() throws Exception {
        RhashtableTable t = new RhashtableTable(TestTables.config());
        assertTrue(t.resizer.startGrow());
        Thread worker = t.resizer.workerThread();
        assertTrue(worker != null && worker.isDaemon(), "startGrow starts a daemon worker");
        TestTables.await(t);
        worker.join(5_000); // 100 ms without work: the thread ends; the next schedule starts another
        assertFalse(worker.isAlive(), "an idle worker must end");
        t.resizer.pace(50_000_000);
        assertTrue(t.resizer.startGrow());
        Thread second = t.resizer.workerThread();
        assertTrue(second != null && second != worker && second.isAlive());
        t.close(); // in the middle of a paced migration: cancel_work_sync
        assertFalse(second.isAlive(), "close() must stop the worker");
        assertEquals(null, t.resizer.workerThread());
    }
}
