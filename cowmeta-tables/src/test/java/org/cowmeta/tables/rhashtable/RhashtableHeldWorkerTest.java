package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deliberate resize while the table's own resize is held at the gate: the worker holds
 * ht->mutex for its whole rehash and waits at the gate for a step, so a deliberate resize that
 * waited for the mutex would wait for ever (the test driver that would step the gate is the one
 * asking). It must give way and report that it did not start.
 */
class RhashtableHeldWorkerTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard only: the interleaving is forced
    void aDeliberateResizeGivesWayToAHeldResizeOfTheTablesOwn() throws Exception {
        try (RhashtableTable t = new RhashtableTable(TestTables.config(7, Map.of()))) {
            t.resizer.hold();
            int buckets = t.table().size;
            long frame = 0;
            while (t.stats().entries() * 4 <= buckets * 3L) {
                t.seed(++frame, 2); // above 75%: the insert schedules the worker
            }
            while (t.table().futureAcquire() == null) {
                Thread.onSpinWait(); // the worker attaches its table under the mutex, then waits at the gate
            }
            assertTrue(t.resizer.inProgress());
            CompletableFuture<Boolean> grow = CompletableFuture.supplyAsync(t.resizer::startGrow);
            CompletableFuture<Boolean> shrink = CompletableFuture.supplyAsync(t.resizer::startShrink);
            assertFalse(grow.get(), "a grow started while the worker held the mutex");
            assertFalse(shrink.get(), "a shrink started while the worker held the mutex");
            t.resizer.pace(0); // open the gate: the table's own resize runs to its end
            TestTables.await(t);
            assertEquals(buckets * 2, t.table().size);
            for (long f = 1; f <= frame; f++) {
                assertEquals(2, t.get(f));
            }
            assertTrue(t.resizer.startGrow(), "with the worker idle a deliberate grow starts");
            TestTables.await(t);
        }
    }
}
