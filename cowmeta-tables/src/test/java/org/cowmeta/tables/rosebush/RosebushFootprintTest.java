package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.KernelSizes;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** Modeled bytes against the kernel formula, JVM bytes against JOL's walk of the real objects. */
class RosebushFootprintTest {
    /** JVM bytes must match JOL within 1% (they are computed from the same layout rules). */
    private static final double JOL_TOLERANCE = 0.01;

    @Test
    void emptyTableIsOnlyTheRoot() {
        RosebushTable t = RosebushSplitTest.identityTable();
        Footprint f = t.footprint();
        assertEquals(16, f.modeledBytes());
        assertEquals(0, f.jvmBytes());
    }

    @Test
    void inlineStateIsOneKmalloc512() {
        RosebushTable t = RosebushSplitTest.identityTable();
        t.increment(1);
        t.increment(2);
        Footprint f = t.footprint();
        assertEquals(512, f.modeledParts().get("table"));
        assertEquals(0, f.modeledParts().get("buckets"));
        assertEquals(16 + 512 + 2 * 32, f.modeledBytes(), "counters are kmalloc-32: 16 B and the rcu_head kfree_rcu needs");
    }

    @Test
    void afterTheFirstSplit() {
        RosebushTable t = RosebushSplitTest.identityTable();
        for (long f = 0; f <= 40; f += 2) {
            t.increment(f);
        }
        // root 16 + pointer array of 4 (kmalloc-32) + 3 buckets of 256 + 21 counters of 32
        assertEquals(16 + 32 + 3 * 256 + 21 * 32, t.footprint().modeledBytes());
    }

    @Test
    void formulaHoldsAtSeveralSizes() {
        long seed = 0x5eedL;
        for (int n : new int[] {100, 1_000, 10_000, 40_000}) {
            RosebushTable t = new RosebushTable(TableConfig.of(1L << 40).withSeed(seed));
            SplittableRandom rnd = new SplittableRandom(seed + n);
            for (int i = 0; i < n; i++) {
                t.increment(rnd.nextLong(1L << 40)); // duplicates just count higher
            }
            TableStats s = t.stats();
            long buckets = s.extra().get("buckets");
            long pointers = s.extra().get("pointerArray");
            long expected = 16 + KernelSizes.kvmalloc(8 * pointers) + 256 * buckets + 32 * t.entries(); // counters with their rcu_head
            Footprint f = t.footprint();
            assertEquals(expected, f.modeledBytes(), "n=" + n + " seed=" + seed);
            assertTrue(buckets * Bucket.ENTRIES >= t.entries(), "n=" + n);
            assertEquals(t.bush().buckets.get(), buckets, "distinct buckets walked vs counted, n=" + n);
            assertTrue((pointers & (pointers - 1)) == 0, "power of two");
            double perFrame = f.modeledPerEntry(t.entries());
            assertTrue(perFrame > 16 + 256.0 / 20 && perFrame < 80, "modeled bytes per frame " + perFrame);
        }
    }

    @Test
    void jvmBytesMatchJol() {
        long seed = 42;
        for (int n : new int[] {1, 21, 3_000, 20_000}) {
            RosebushTable t = new RosebushTable(TableConfig.of(1L << 40).withSeed(seed));
            SplittableRandom rnd = new SplittableRandom(seed * n);
            long[] frames = new long[n];
            for (int i = 0; i < n; i++) {
                frames[i] = rnd.nextLong(1L << 40);
                t.increment(frames[i]);
            }
            for (int i = 0; i < n; i += 3) {
                t.decrement(frames[i]); // removals leave free slots and dead counters behind
            }
            long jol = GraphLayout.parseInstance(t.bush().root).totalSize();
            long ours = t.footprint().jvmBytes();
            assertTrue(Math.abs(ours - jol) <= JOL_TOLERANCE * jol,
                    "n=" + n + ": footprint says " + ours + " JVM bytes, JOL counts " + jol);
        }
    }
}
