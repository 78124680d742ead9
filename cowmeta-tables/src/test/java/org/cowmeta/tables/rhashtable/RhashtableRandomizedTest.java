package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single-threaded random operations against a HashMap reference, through grows and shrinks. */
class RhashtableRandomizedTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 0x5eedL})
    void agreesWithAReferenceMap(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean shrink = rnd.nextBoolean();
        TableConfig config = TestTables.config(seed, Map.of("automaticShrinking", Boolean.toString(shrink)));
        Map<Long, Long> ref = new HashMap<>();
        try (RhashtableTable t = new RhashtableTable(config)) {
            int universe = 1 + rnd.nextInt(5000);
            List<Long> releasedNow = new ArrayList<>();
            for (int step = 0; step < 60_000; step++) {
                long frame = rnd.nextInt(universe) * 4099L % (1L << 40);
                String where = "seed " + seed + " step " + step + " frame " + frame;
                long expected = ref.getOrDefault(frame, 1L);
                switch (rnd.nextInt(10)) {
                    case 0, 1, 2 -> assertEquals(expected, t.get(frame), where);
                    case 3, 4, 5 -> {
                        assertEquals(expected + 1, t.increment(frame), where);
                        ref.put(frame, expected + 1);
                    }
                    case 6, 7 -> {
                        long c = t.decrement(frame);
                        if (ref.containsKey(frame)) {
                            assertEquals(expected - 1, c, where);
                            if (expected == 2) {
                                ref.remove(frame);
                            } else {
                                ref.put(frame, expected - 1);
                            }
                        } else {
                            assertEquals(0, c, where);
                        }
                    }
                    case 8 -> {
                        long v = 1 + rnd.nextInt(4);
                        t.seed(frame, v);
                        if (v == 1) {
                            ref.remove(frame);
                        } else {
                            ref.put(frame, v);
                        }
                    }
                    default -> {
                        long[] batch = new long[rnd.nextInt(40)];
                        for (int k = 0; k < batch.length; k++) {
                            batch[k] = rnd.nextInt(universe) * 4099L % (1L << 40);
                        }
                        if (rnd.nextBoolean()) {
                            t.incrementAll(batch, 0, batch.length);
                            for (long f : batch) {
                                ref.merge(f, 2L, (a, b) -> a + 1);
                            }
                        } else {
                            releasedNow.clear();
                            t.decrementAll(batch, 0, batch.length, releasedNow::add);
                            List<Long> expectReleased = new ArrayList<>();
                            for (long f : batch) {
                                Long c = ref.get(f);
                                if (c == null) {
                                    expectReleased.add(f);
                                } else if (c == 2) {
                                    ref.remove(f);
                                } else {
                                    ref.put(f, c - 1);
                                }
                            }
                            releasedNow.sort(null);
                            expectReleased.sort(null);
                            assertEquals(expectReleased, releasedNow, where);
                        }
                    }
                }
                if (step % 10_000 == 0) {
                    assertEquals(ref.size(), t.entries(), where);
                }
            }
            TestTables.await(t);
            assertEquals(ref.size(), t.entries(), "seed " + seed);
            for (Map.Entry<Long, Long> e : ref.entrySet()) {
                assertEquals(e.getValue(), t.get(e.getKey()), "seed " + seed + " frame " + e.getKey());
            }
            assertEquals(ref.size(), t.stats().entries(), "seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1L << 40, Long.MIN_VALUE})
    void badFramesAreRejectedAndChangeNothing(long bad) {
        try (RhashtableTable t = new RhashtableTable(TestTables.config())) {
            t.increment(7);
            assertThrows(IllegalArgumentException.class, () -> t.get(bad));
            assertThrows(IllegalArgumentException.class, () -> t.increment(bad));
            assertThrows(IllegalArgumentException.class, () -> t.decrement(bad));
            assertThrows(IllegalArgumentException.class, () -> t.seed(bad, 3));
            long[] batch = {7, bad};
            assertThrows(IllegalArgumentException.class, () -> t.incrementAll(batch, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> t.decrementAll(batch, 0, 2, f -> { }));
            assertEquals(2, t.get(7));
            assertEquals(1, t.entries());
        }
    }

    /** Unmapping releases a table and then decrements its children from inside the callback. */
    @Test
    void aBatchStartedFromTheReleaseCallbackDoesNotDisturbTheOuterOne() {
        try (RhashtableTable t = new RhashtableTable(TestTables.config())) {
            int n = 100;
            int kids = 40;
            long[] parents = new long[n];
            for (int i = 0; i < n; i++) {
                parents[i] = 1_000_000 + i;
                if (i % 2 == 1) {
                    t.seed(parents[i], 3); // odd parents stay counted (3 -> 2); even ones are released
                }
                for (int c = 0; c < kids; c++) {
                    t.increment(i * 1000L + c); // the parent's children: count 2
                }
            }
            List<Long> releasedParents = new ArrayList<>();
            List<Long> releasedChildren = new ArrayList<>();
            t.decrementAll(parents, 0, n, p -> {
                releasedParents.add(p);
                long first = (p - 1_000_000) * 1000L;
                long[] batch = new long[2 * kids];
                for (int c = 0; c < kids; c++) {
                    batch[2 * c] = first + c;      // 2 -> 1 -> released
                    batch[2 * c + 1] = first + c;
                }
                t.decrementAll(batch, 0, batch.length, releasedChildren::add);
            });
            releasedParents.sort(null);
            assertEquals(n / 2, releasedParents.size(), "released parents " + releasedParents);
            assertEquals(n / 2 * kids, releasedChildren.size());
            for (int i = 0; i < n; i += 2) {
                assertEquals(parents[i], releasedParents.get(i / 2));
                assertEquals(2, t.get(parents[i + 1]));
                for (int c = 0; c < kids; c++) {
                    assertEquals(1, t.get(i * 1000L + c));
                    assertEquals(2, t.get((i + 1) * 1000L + c));
                }
            }
            assertEquals(n / 2 + n / 2 * kids, t.entries());
        }
    }
}
