package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;
import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;

/**
 * Random single-thread operations, single and batched, checked against a HashMap model of the
 * contract (absent = 1), with a good hash and with the identity hash (which splits and doubles
 * much more). The seed is printed in every failure; set -Drosebush.seed to replay one.
 */
class RosebushReferenceTest {
    private static final long SEED = Long.getLong("rosebush.seed", System.nanoTime());

    @Test
    void seededHash() {
        run(new RosebushTable(TableConfig.of(1L << 40).withSeed(SEED)), SEED, 3_000);
    }

    @Test
    void identityHash() {
        run(RosebushSplitTest.identityTable(), SEED, 3_000);
    }

    @Test
    void badFramesAreRejectedAndChangeNothing() {
        RosebushTable t = RosebushSplitTest.identityTable();
        t.increment(5);
        assertThrows(IllegalArgumentException.class, () -> t.increment(-1));
        assertThrows(IllegalArgumentException.class, () -> t.get(1L << 40));
        assertThrows(IllegalArgumentException.class, () -> t.incrementAll(new long[] {1, 2, -3}, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> t.seed(7, 0));
        assertEquals(1, t.entries());
        assertEquals(1, t.get(1));
    }

    @Test
    void traceFollowsTheDependentChain() {
        RosebushTable t = new RosebushTable(TableConfig.of(1L << 40).withSeed(SEED));
        for (long f = 0; f < 10_000; f++) {
            t.increment(f);
        }
        AccessTrace hit = AccessTrace.of(t, Op.GET, 1234);
        // root word -> pointer-array entry -> bucket hashes (2 lines) -> counter; maybe one slot line
        assertEquals(4, hit.dependentLoads(), "seed " + SEED + ": " + hit);
        int lines = hit.cacheLines();
        assertEquals(true, lines == 5 || lines == 6, "seed " + SEED + ": " + hit);
        AccessTrace miss = AccessTrace.of(t, Op.GET, 1L << 39);
        assertEquals(3, miss.dependentLoads() - countCandidates(t, 1L << 39), "seed " + SEED + ": " + miss);
        AccessTrace insert = AccessTrace.of(t, Op.INCREMENT, 1L << 39);
        assertEquals(true, insert.cacheLines() > miss.cacheLines(), "insert adds the lock and new counter lines");
        assertEquals(10_000, t.entries(), "tracing changes nothing");
    }

    private static int countCandidates(RosebushTable t, long frame) {
        int h = t.hashOf(frame);
        Bucket b = t.bush().root.bucket(h);
        int n = 0;
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            if (b.hash(i) == h && b.slot(i) != null) {
                n++;
            }
        }
        return n;
    }

    private static void run(RosebushTable t, long seed, int frameRange) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<Long, Long> model = new HashMap<>();
        String where = "seed " + seed;
        for (int step = 0; step < 60_000; step++) {
            int op = rnd.nextInt(100);
            long f = rnd.nextInt(frameRange) * 7L;
            String at = where + " step " + step + " frame " + f;
            if (op < 35) {
                long want = model.getOrDefault(f, 1L) + 1;
                model.put(f, want);
                assertEquals(want, t.increment(f), at);
            } else if (op < 65) {
                long have = model.getOrDefault(f, 1L);
                long want = have == 1 ? 0 : have - 1;
                if (want <= 1) {
                    model.remove(f);
                } else {
                    model.put(f, want);
                }
                assertEquals(want, t.decrement(f), at);
            } else if (op < 80) {
                assertEquals(model.getOrDefault(f, 1L), t.get(f), at);
            } else if (op < 88) {
                long[] batch = batch(rnd, frameRange);
                for (long b : batch) {
                    model.merge(b, 2L, (old, two) -> old + 1);
                }
                t.incrementAll(batch, 0, batch.length);
            } else if (op < 96) {
                long[] batch = batch(rnd, frameRange);
                List<Long> expectReleased = new ArrayList<>();
                for (long b : batch) {
                    long have = model.getOrDefault(b, 1L);
                    if (have == 1) {
                        expectReleased.add(b);
                    } else if (have == 2) {
                        model.remove(b);
                    } else {
                        model.put(b, have - 1);
                    }
                }
                List<Long> released = new ArrayList<>();
                t.decrementAll(batch, 0, batch.length, released::add);
                expectReleased.sort(null);
                released.sort(null);
                assertEquals(expectReleased, released, at + " released");
            } else {
                long count = 1 + rnd.nextInt(4) + (rnd.nextInt(10) == 0 ? (1L << 33) : 0);
                if (count == 1) {
                    model.remove(f);
                } else {
                    model.put(f, count);
                }
                t.seed(f, count);
            }
            if (step % 5_000 == 0) {
                verify(t, model, frameRange, at);
            }
        }
        verify(t, model, frameRange, where + " at the end");
    }

    private static long[] batch(SplittableRandom rnd, int frameRange) {
        long[] b = new long[1 + rnd.nextInt(40)];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextInt(frameRange) * 7L; // repeats inside a batch happen
        }
        return b;
    }

    private static void verify(RosebushTable t, Map<Long, Long> model, int frameRange, String at) {
        assertEquals(model.size(), t.entries(), at + " entries");
        for (int i = 0; i < frameRange; i++) {
            long f = i * 7L;
            assertEquals(model.getOrDefault(f, 1L), t.get(f), at + " verify frame " + f);
        }
        assertEquals(t.bush().buckets.get(), t.stats().extra().get("buckets"), at + " bucket count");
    }
}
