package org.cowmeta.tables.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;
import org.junit.jupiter.api.Test;

/**
 * Removal keeps the probe invariants exactly, with no tombstones: after heavy insert/remove
 * churn at high load, every overflow count equals the entries that pass its bucket, and once
 * the churn is undone every miss stops at its home bucket again.
 */
class CompactChurnTest {

    @Test
    void overflowCountsStayExactThroughChurnAtHighLoad() {
        long seed = 0xC0FFEE;
        SplittableRandom r = new SplittableRandom(seed);
        // 64 buckets, 512 slots, no resize: churn between 80% and 93% full.
        try (CompactTable t = CompactTableTest.table("initialBuckets", "64", "loadFactor", "0.95",
                "probeLimit", "1000000", "automaticShrinking", "false")) {
            List<Long> live = new ArrayList<>();
            while (live.size() < 410) {
                long f = r.nextLong(1L << 40);
                if (t.get(f) == 1) {
                    t.increment(f);
                    live.add(f);
                }
            }
            t.checkInvariants();
            for (int step = 0; step < 100_000; step++) {
                boolean grow = live.size() < 410 || (live.size() < 475 && r.nextBoolean());
                if (grow) {
                    long f = r.nextLong(1L << 40);
                    if (t.get(f) == 1) {
                        assertEquals(2, t.increment(f), "seed " + seed);
                        live.add(f);
                    }
                } else {
                    int i = r.nextInt(live.size());
                    long f = live.get(i);
                    live.set(i, live.get(live.size() - 1));
                    live.remove(live.size() - 1);
                    assertEquals(1, t.decrement(f), "seed " + seed);
                }
                if (step % 5000 == 0) {
                    t.checkInvariants();
                }
            }
            t.checkInvariants();
            for (long f : live) {
                assertEquals(2, t.get(f), "seed " + seed + " frame " + f);
            }
            assertEquals(0, t.stats().resizes());
            assertTrue(t.stats().extra().get("displacedEntries") > 0, "the churn must have displaced entries");
            for (long f : live) {
                assertEquals(1, t.decrement(f));
            }
            t.checkInvariants();
            assertEquals(0, t.entries());
            for (int i = 0; i < 2000; i++) {
                long f = r.nextLong(1L << 40);
                assertEquals(0, t.homeOverflow(f), "seed " + seed + ": all overflow counts return to 0");
                AccessTrace miss = AccessTrace.of(t, Op.GET, f);
                assertEquals(1, miss.cacheLines(), "seed " + seed);
                assertEquals(1, miss.dependentLoads(), "seed " + seed);
            }
        }
    }
}
