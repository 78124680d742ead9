package org.cowmeta.tables.clustered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.Test;

/** Single-thread semantics of the clustered table: counts, spill, batches by area, trace, footprint. */
class ClusteredTableTest {
    static final long FRAMES = 1L << 40;

    static ClusteredTable table(String... options) {
        TableConfig c = TableConfig.of(FRAMES);
        for (int i = 0; i < options.length; i += 2) {
            c = c.withOption(options[i], options[i + 1]);
        }
        return new ClusteredTable(c);
    }

    @Test
    void registeredAsOurs() {
        assertEquals("ours", TableRegistry.get("clustered").family());
    }

    @Test
    void absentCountsOneAndAreasComeAndGo() {
        try (ClusteredTable t = table()) {
            assertEquals(1, t.get(513));
            assertEquals(2, t.increment(513));
            assertEquals(2, t.increment(512));
            assertEquals(3, t.increment(513));
            assertEquals(2, t.entries());
            assertEquals(1, t.stats().extra().get("areas"));
            assertEquals(2, t.decrement(513));
            assertEquals(1, t.decrement(513));
            assertEquals(1, t.decrement(512));
            assertEquals(0, t.entries());
            assertEquals(0, t.stats().extra().get("areas"), "an emptied area leaves the directory");
            assertEquals(0, t.decrement(513));
            assertEquals(2, t.increment(FRAMES - 1));
            assertEquals(2, t.increment(0));
            assertThrows(IllegalArgumentException.class, () -> t.increment(FRAMES));
            assertThrows(IllegalArgumentException.class, () -> t.get(-5));
        }
    }

    @Test
    void countsSpillPastOneByteExactly() {
        try (ClusteredTable t = table()) {
            for (long c = 2; c <= 700; c++) {
                assertEquals(c, t.increment(1000));
                assertEquals(c, t.get(1000));
                assertEquals(2, t.increment(1001 + (c % 3))); // neighbours in the same area shift ranks
                t.decrement(1001 + (c % 3));
            }
            for (long c = 699; c >= 1; c--) {
                assertEquals(c, t.decrement(1000));
                assertEquals(c, t.get(1000));
            }
            assertEquals(0, t.stats().extra().get("spilledCounts"));
            long big = (1L << 33) + 3;
            t.seed(77, big);
            assertEquals(big, t.get(77));
            assertEquals(big + 1, t.increment(77));
            t.seed(77, 5);
            assertEquals(5, t.get(77));
            t.seed(77, 1);
            assertEquals(1, t.get(77));
            assertEquals(0, t.entries());
        }
    }

    @Test
    void batchesAgreeWithSingleCalls() {
        long seed = 77_2026L;
        SplittableRandom r = new SplittableRandom(seed);
        try (ClusteredTable t = table("stripes", "4")) {
            Map<Long, Long> model = new HashMap<>();
            for (int round = 0; round < 300; round++) {
                long[] batch = new long[1 + r.nextInt(600)];
                long base = r.nextInt(8) * 512L;
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = base + r.nextInt(3000); // a few areas, repeats on purpose
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
                        if (c == 0) {
                            expected.add(f);
                        }
                        if (c <= 1) {
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
            for (long f = 0; f < 8 * 512 + 3000; f++) {
                assertEquals(model.getOrDefault(f, 1L).longValue(), t.get(f), "seed " + seed + " frame " + f);
            }
            assertEquals(model.size(), t.entries(), "seed " + seed);
        }
    }

    /**
     * Batches whose runs carry a frame many times over, so one run's merge passes a count
     * through the inline byte's limit and the spill table and back, while the neighbours'
     * counts shift around it.
     */
    @Test
    void batchRunsCarryCountsThroughTheSpillAndBack() {
        long seed = 2_0261_207L;
        SplittableRandom r = new SplittableRandom(seed);
        try (ClusteredTable t = table()) {
            Map<Long, Long> model = new HashMap<>();
            long[] hot = {3 * 512 + 5, 3 * 512 + 6, 3 * 512 + 400};
            long highest = 0;
            boolean backInline = false;
            for (int round = 0; round < 70; round++) {
                long[] batch = new long[200 + r.nextInt(300)];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = r.nextInt(4) == 0 ? 3 * 512 + r.nextInt(512) : hot[r.nextInt(hot.length)];
                }
                boolean up = round < 12 || r.nextInt(4) == 0; // up past the byte, then mostly down
                if (up) {
                    t.incrementAll(batch, 0, batch.length);
                    for (long f : batch) {
                        model.merge(f, 2L, (a, b) -> a + 1);
                    }
                } else {
                    long[] released = {0};
                    t.decrementAll(batch, 0, batch.length, f -> released[0]++);
                    long expected = 0;
                    for (long f : batch) {
                        long c = model.getOrDefault(f, 1L) - 1;
                        if (c == 0) {
                            expected++;
                        }
                        if (c <= 1) {
                            model.remove(f);
                        } else {
                            model.put(f, c);
                        }
                    }
                    assertEquals(expected, released[0], "seed " + seed + " round " + round);
                }
                for (long f = 3 * 512; f < 4 * 512; f++) {
                    assertEquals(model.getOrDefault(f, 1L).longValue(), t.get(f), "seed " + seed + " round " + round + " frame " + f);
                }
                assertEquals(model.size(), t.entries(), "seed " + seed + " round " + round);
                long top = model.values().stream().mapToLong(Long::longValue).max().orElse(1);
                highest = Math.max(highest, top);
                backInline |= highest > AreaRecord.SPILLED && top < AreaRecord.UNSPILL_AT;
            }
            assertTrue(highest > AreaRecord.SPILLED && backInline,
                    "the hot counts went past the inline byte (" + highest + ") and back below it");
        }
    }

    @Test
    void traceFollowsDirectoryRecordAndCountByte() {
        try (ClusteredTable t = table()) {
            t.increment(5 * 512 + 7);
            AccessTrace hit = AccessTrace.of(t, Op.GET, 5 * 512 + 7);
            assertEquals(4, hit.dependentLoads(), "stripe, slot, record, count byte: " + hit);
            AccessTrace noArea = AccessTrace.of(t, Op.GET, 99 * 512);
            assertTrue(noArea.dependentLoads() <= 3, noArea.toString());
        }
    }

    @Test
    void footprintCountsDirectoryAndOneKmallocObjectPerArea() {
        try (ClusteredTable t = table("stripes", "1", "minStripeCapacity", "4")) {
            assertEquals(64 + 4 * 8, t.footprint().modeledBytes());
            for (int i = 0; i < 100; i++) {
                t.increment(512 * 3 + i);
            }
            // one area: kmalloc(16 + 64 + 100) = 192
            assertEquals(64 + 4 * 8 + 192, t.footprint().modeledBytes());
            t.seed(512 * 3, 1000);
            assertEquals(64 + 4 * 8 + 192 + 32, t.footprint().modeledBytes());
        }
    }
}
