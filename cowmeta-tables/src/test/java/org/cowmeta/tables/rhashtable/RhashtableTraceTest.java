package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;

/** The deterministic cost: ht->tbl, the table header, the bucket word, then one load per object walked. */
class RhashtableTraceTest {

    @Test
    void aHitAtChainPositionKCostsThreePlusKDependentLoads() {
        TableConfig c = TestTables.config(9, Map.of());
        try (RhashtableTable t = new RhashtableTable(c, TestTables.collideInFirstTable(c), null)) {
            int n = 12;
            for (long f = 0; f < n; f++) {
                t.increment(1000 + f); // head insertion: frame 1000 + n - k is at position k
            }
            for (int k = 1; k <= n; k++) {
                long frame = 1000 + n - k;
                AccessTrace get = AccessTrace.of(t, Op.GET, frame);
                assertEquals(3 + k, get.dependentLoads(), "position " + k);
                assertTrue(get.cacheLines() >= 3 + k - 1 && get.cacheLines() <= 3 + k, "position " + k + ": " + get);
                assertEquals(3 + k, AccessTrace.of(t, Op.INCREMENT, frame).dependentLoads());
                assertEquals(3 + k, AccessTrace.of(t, Op.DECREMENT, frame).dependentLoads());
            }
            // A miss walks the whole chain and then reads future_tbl (a line already touched).
            AccessTrace miss = AccessTrace.of(t, Op.GET, 5);
            assertEquals(3 + n, miss.dependentLoads());
            // An insert also writes its new object and ht->nelems.
            AccessTrace insert = AccessTrace.of(t, Op.INCREMENT, 5);
            assertTrue(insert.cacheLines() > miss.cacheLines(), insert + " vs " + miss);
            assertEquals(2, t.get(1000), "trace changes nothing");
            assertEquals(n, t.entries());
        }
    }

    @Test
    void aMissOnAnEmptyBucketIsThreeLoadsAndAResizeAddsTheFutureTable() {
        try (RhashtableTable t = new RhashtableTable(TestTables.config())) {
            AccessTrace empty = AccessTrace.of(t, Op.GET, 77);
            assertEquals(3, empty.dependentLoads());
            assertEquals(3, empty.cacheLines()); // struct rhashtable, table header, bucket word
            t.resizer.pace(50_000_000);
            assertTrue(t.resizer.startGrow());
            // The miss now also looks in the future table: its header and its bucket.
            assertEquals(5, AccessTrace.of(t, Op.GET, 77).dependentLoads());
            // An insert first looks the frame up without the lock, through both tables (the update's
            // RCU lookup); the locked insert after it walks the same lines again, from the cache,
            // so the anchor is charged the walk once (the faster honest path).
            assertEquals(3 + 2, AccessTrace.of(t, Op.INCREMENT, 77).dependentLoads());
            t.resizer.pace(0);
        }
    }
}
