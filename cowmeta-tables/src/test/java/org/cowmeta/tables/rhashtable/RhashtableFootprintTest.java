package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** Modeled bytes follow the kernel's allocations; JVM bytes agree with JOL. */
class RhashtableFootprintTest {
    /** JVM bytes must be within this share of what JOL measures. */
    private static final double JOL_TOLERANCE = 0.005;
    /** A counted frame's object freed by kfree_rcu: rhash_head, key and count, and its rcu_head (40 B: kmalloc-64). */
    private static final long OBJECT = 64;

    @Test
    void modeledBytesAreKmalloc64ObjectsPlusKvmallocedBucketTables() {
        try (RhashtableTable t = new RhashtableTable(TestTables.config())) {
            Footprint f = t.footprint();
            assertEquals(0, f.modeledParts().get("objects"));
            assertEquals(1024, f.modeledParts().get("buckets")); // kmalloc(64 + 64 * 8 = 576)
            for (long i = 0; i < 1000; i++) {
                t.increment(i * 7919);
            }
            TestTables.await(t);
            f = t.footprint();
            assertEquals(2048, t.stats().capacity());
            assertEquals(1000 * OBJECT, f.modeledParts().get("objects"));
            assertEquals(32768, f.modeledParts().get("buckets")); // 64 + 2048 * 8 = 16448: kvmalloc takes an order-3 block (kmalloc above 8 KiB goes to the page allocator)
        }
        try (RhashtableTable t = new RhashtableTable(TestTables.config().withExpectedEntries(1))) {
            assertEquals(96, t.footprint().modeledParts().get("buckets")); // 4 buckets: kmalloc(64 + 32) is kmalloc-96
        }
        TableConfig big = TestTables.config().withExpectedEntries(3_000_000).withOption("unclampedHint", "true");
        try (RhashtableTable t = new RhashtableTable(big)) {
            assertEquals(1 << 22, t.stats().capacity());
            assertEquals(64 + 8L * (1 << 22) + 4096 - 64, t.footprint().modeledParts().get("buckets"));
        }
    }

    @Test
    void duringAResizeBothTablesCount() throws Exception {
        try (RhashtableTable t = new RhashtableTable(TestTables.config())) {
            for (long i = 0; i < 40; i++) {
                t.increment(i);
            }
            t.resizer.pace(50_000_000); // 50 ms a bucket: the grow stays in progress
            assertTrue(t.resizer.startGrow());
            Footprint f = t.footprint();
            assertEquals(1024 + 2048, f.modeledParts().get("buckets")); // 64 and 128 buckets
            assertEquals(40 * OBJECT, f.modeledParts().get("objects"));
            assertEquals(2, t.stats().extra().get("tables"));
            t.resizer.pace(0);
            TestTables.await(t);
            assertEquals(2048, t.footprint().modeledParts().get("buckets"));
        }
    }

    @Test
    void jvmBytesAgreeWithJol() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int n : new int[] {0, 10, 5_000, 100_000}) {
            try (RhashtableTable t = new RhashtableTable(TestTables.config(seed, Map.of()))) {
                for (int i = 0; i < n; i++) {
                    t.increment(rnd.nextLong(1L << 40));
                }
                TestTables.await(t);
                long reported = t.footprint().jvmBytes();
                long measured = GraphLayout.parseInstance(t).totalSize();
                double error = Math.abs(reported - measured) / (double) measured;
                assertTrue(error <= JOL_TOLERANCE, "seed " + seed + ", " + n + " entries: reported " + reported + " "
                        + t.footprint().jvmParts() + ", JOL " + measured + "\n" + GraphLayout.parseInstance(t).toFootprint());
            }
        }
    }

    /** The figures the report quotes: bytes per counted frame at a million random frames. */
    @Test
    void aMillionRandomFrames() {
        long seed = 42;
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RhashtableTable t = new RhashtableTable(TestTables.config(seed, Map.of()))) {
            int n = 1_000_000;
            long[] batch = new long[512];
            for (int i = 0; i < n; i += batch.length) {
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = rnd.nextLong(1L << 40);
                }
                t.incrementAll(batch, 0, Math.min(batch.length, n - i));
            }
            TestTables.await(t);
            Footprint f = t.footprint();
            long e = t.entries();
            assertEquals(1 << 21, t.stats().capacity());
            assertEquals(e * OBJECT + 64 + 8L * (1 << 21) + 4096 - 64, f.modeledBytes());
            System.out.printf("rhashtable, %d random frames: %.2f modeled B/frame %s, %.2f JVM B/frame %s, %s%n",
                    e, f.modeledPerEntry(e), f.modeledParts(), f.jvmPerEntry(e), f.jvmParts(), t.stats());
            // The deterministic cost at this size: hits (frames drawn again from the same stream) and misses.
            SplittableRandom again = new SplittableRandom(seed);
            AccessTrace trace = new AccessTrace();
            double hitLoads = 0;
            double missLoads = 0;
            int probes = 20_000;
            for (int i = 0; i < probes; i++) {
                t.trace(Op.GET, again.nextLong(1L << 40), trace.reset());
                hitLoads += trace.dependentLoads();
                t.trace(Op.GET, rnd.nextLong(1L << 40), trace.reset());
                missLoads += trace.dependentLoads();
            }
            System.out.printf("rhashtable, %d random frames: a hit costs %.2f dependent loads, a miss %.2f%n",
                    e, hitLoads / probes, missLoads / probes);
        }
    }
}
