package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nulls-marker rescan, deterministically: a reader stands on an object of bucket 0 while the
 * whole table is migrated; the object it stands on now leads into a chain of the new table, whose
 * nulls marker is not the one the reader started from, so it must rescan and then follow
 * future_tbl, and still answer right.
 */
class RhashtableRescanTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aWalkDivertedByAMoveRescansAndStillFinds(boolean wantedPresent) throws Exception {
        TableConfig c = TestTables.config(5, Map.of());
        int newSeed = RhashtableModel.tableSeed(c.seed(), 1);
        // x (where the reader stops) and y (what it looks for) must land in different buckets of
        // the grown 128-bucket table, so that following x's new next leads away from y.
        long x = 1;
        long y = 2;
        while ((Jhash.hashFrame(x, newSeed) & 127) == (Jhash.hashFrame(y, newSeed) & 127)) {
            y++;
        }
        long wanted = wantedPresent ? y : 1_000_003;
        long stopAt = x;
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // Armed only for the reader: the set-up's updates walk the same chain (lockless updates
        // look up first) and must not stop at x.
        AtomicBoolean armed = new AtomicBoolean(false);
        ChainWalkProbe probe = (w, visited) -> {
            if (w == wanted && visited == stopAt && armed.compareAndSet(true, false)) {
                paused.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (RhashtableTable t = new RhashtableTable(c, TestTables.collideInFirstTable(c), probe)) {
            t.increment(y);
            t.increment(y);     // y: count 3
            t.increment(x);     // bucket 0 of the first table: x -> y -> nulls
            if (!wantedPresent) {
                t.increment(wanted); // at the head, before x: the reader passes it and stops at x
                t.decrement(wanted);
            }
            BucketTable first = t.table();
            armed.set(true);
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> t.get(wanted));
            assertTrue(paused.await(10, TimeUnit.SECONDS), "the reader never reached x");
            assertTrue(t.resizer.startGrow());
            TestTables.await(t);
            assertNotEquals(first, t.table(), "the table was replaced");
            assertEquals(0, t.stats().extra().get("rescans"));
            resume.countDown();
            long got = reader.get(10, TimeUnit.SECONDS);
            assertEquals(wantedPresent ? 3 : 1, got);
            assertEquals(1, t.stats().extra().get("rescans"), "the reader must have rescanned once");
        }
    }
}
