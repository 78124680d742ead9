package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.SteppedResize;
import org.junit.jupiter.api.Test;

/** Operations during a migration: lookups never miss, updates are never lost, chained resizes. */
class RhashtableMigrationTest {

    @Test
    void lookupsNeverMissAPresentFrameDuringAPacedMigration() throws Exception {
        long seed = System.nanoTime();
        String where = "seed " + seed;
        SplittableRandom rnd = new SplittableRandom(seed);
        TableConfig c = TestTables.config(seed, Map.of());
        try (RhashtableTable t = new RhashtableTable(c)) {
            int n = 3000;
            long[] frames = rnd.longs(n, 0, 1L << 40).toArray();
            long[] counts = new long[n];
            for (int i = 0; i < n; i++) {
                counts[i] = 2 + rnd.nextInt(3);
                t.seed(frames[i], counts[i]);
            }
            TestTables.await(t);
            int buckets = (int) t.stats().capacity();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong checkedDuring = new AtomicLong();
            AtomicLong checked = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int offset = r * n / 2;
                readers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        for (int j = 0; j < n; j++) {
                            int i = (j + offset) % n;
                            boolean during = t.table().futureAcquire() != null;
                            long got = t.get(frames[i]);
                            if (got != counts[i]) {
                                failures.add(where + ": get(" + frames[i] + ") = " + got + ", expected " + counts[i]);
                                return;
                            }
                            if (during) {
                                checkedDuring.incrementAndGet();
                            }
                            checked.incrementAndGet();
                        }
                    }
                }));
            }
            // A writer churns other frames into and out of the tables while they migrate.
            Thread writer = Thread.ofPlatform().start(() -> {
                SplittableRandom w = new SplittableRandom(seed + 1);
                while (!stop.get()) {
                    long f = (1L << 39) + w.nextInt(2000);
                    t.increment(f);
                    t.decrement(f);
                }
            });
            // The worker is held between buckets; about 64 times during the migration both readers
            // get through a few hundred lookups of the part-migrated chains.
            SteppedResize driver = SteppedResize.readers(t.resizer, checked::get, 400,
                    () -> !failures.isEmpty() || readers.stream().noneMatch(Thread::isAlive));
            assertTrue(driver.run(true, Math.max(1, buckets / 64)), where + ": the grow did not start");
            TestTables.await(t);
            stop.set(true);
            for (Thread r : readers) {
                r.join();
            }
            writer.join();
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertTrue(checkedDuring.get() >= 400, where + ": only " + checkedDuring.get() + " lookups ran during the migration");
            assertEquals(2L * buckets, t.stats().capacity(), where);
            assertEquals(n, t.entries(), where);
        }
    }

    /**
     * Threads count up and back down over a small shared set of frames, with batches, while the
     * table keeps growing and shrinking (and chains are long, every frame in few buckets): every
     * increment that was not taken back must be there at the end.
     */
    @Test
    void concurrentUpdatesAcrossResizesLoseNothing() throws Exception {
        long seed = System.nanoTime();
        String where = "seed " + seed;
        TableConfig c = TestTables.config(seed, Map.of("automaticShrinking", "true"));
        // jhash2 folded to 8 distinct values: chains of up to a frame set / 8 in every table.
        FrameHash coarse = (frame, s) -> Jhash.hashFrame(frame & 7, s);
        int threads = 3;
        int universe = 120;
        long[][] outstanding = new long[threads][universe];
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        LongAdder ops = new LongAdder();
        try (RhashtableTable t = new RhashtableTable(c, coarse, null)) {
            List<Thread> workers = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int id = k;
                workers.add(Thread.ofPlatform().start(() -> {
                    SplittableRandom r = new SplittableRandom(seed + 17 * id);
                    long[] mine = outstanding[id];
                    long[] batch = new long[8];
                    try {
                        while (!stop.get()) {
                            ops.increment();
                            int f = r.nextInt(universe);
                            int op = r.nextInt(4);
                            if (op == 0) {
                                t.increment(f);
                                mine[f]++;
                            } else if (op == 1 && mine[f] > 0) {
                                long got = t.decrement(f);
                                if (got < 1) {
                                    throw new AssertionError(where + ": decrement of a held frame " + f + " returned " + got);
                                }
                                mine[f]--;
                            } else if (op == 2) {
                                for (int b = 0; b < batch.length; b++) {
                                    batch[b] = r.nextInt(universe);
                                    mine[(int) batch[b]]++;
                                }
                                t.incrementAll(batch, 0, batch.length);
                            } else {
                                int m = 0;
                                for (int b = 0; b < batch.length; b++) {
                                    int g = r.nextInt(universe);
                                    if (mine[g] > 0) {
                                        mine[g]--;
                                        batch[m++] = g;
                                    }
                                }
                                t.decrementAll(batch, 0, m, rel -> errors.add(
                                        new AssertionError(where + ": held frame " + rel + " released")));
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            // Keep resizing while they run: forced grows, stepped bucket by bucket with the workers'
            // operations between buckets; automatic shrinks follow them.
            SteppedResize driver = SteppedResize.updaters(t.resizer, ops::sum, 20, () -> !errors.isEmpty());
            int grows = 0;
            for (int attempt = 0; attempt < 40 && grows < 8 && errors.isEmpty(); attempt++) {
                if (driver.run(true, Math.max(1, t.resizer.migrationUnits() / 16))) {
                    grows++;
                }
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            TestTables.await(t);
            assertTrue(errors.isEmpty(), () -> errors.peek().toString());
            long entries = 0;
            for (int f = 0; f < universe; f++) {
                long sum = 0;
                for (int k = 0; k < threads; k++) {
                    sum += outstanding[k][f];
                }
                assertEquals(1 + sum, t.get(f), where + " frame " + f);
                if (sum > 0) {
                    entries++;
                }
            }
            assertEquals(entries, t.entries(), where);
            assertEquals(8, grows, where + ": grows started");
            assertTrue(t.stats().resizes() >= grows, where + ": " + grows + " grows but " + t.stats());
        }
    }
}
