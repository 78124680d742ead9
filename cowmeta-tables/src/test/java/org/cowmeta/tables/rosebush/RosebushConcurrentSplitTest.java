package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;

/**
 * Lookups and updates while buckets are being split and the pointer array doubled: lock-free
 * readers must never miss a present frame nor see a wrong count; writers and batches must stay
 * exact. The seed is printed in every failure.
 */
class RosebushConcurrentSplitTest {
    private static final long SEED = Long.getLong("rosebush.seed", System.nanoTime());

    private static long stableCount(long frame) {
        return 2 + frame % 5;
    }

    @Test
    void readersNeverMissDuringAPacedGrowth() throws Exception {
        RosebushTable t = new RosebushTable(TableConfig.of(1L << 40).withSeed(SEED));
        int stable = 20_000;
        for (long i = 0; i < stable; i++) {
            t.seed(i * 4, stableCount(i * 4)); // frames 0 mod 4: fixed counts
        }
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            long readerSeed = SEED + r;
            threads.add(Thread.ofPlatform().start(() -> {
                SplittableRandom rnd = new SplittableRandom(readerSeed);
                long n = 0;
                while (!stop.get() && failures.size() < 10) {
                    long present = rnd.nextInt(stable) * 4L;
                    long got = t.get(present);
                    if (got != stableCount(present)) {
                        failures.add("get(" + present + ") = " + got + ", want " + stableCount(present));
                    }
                    long absent = rnd.nextInt(stable) * 4L + 1; // 1 mod 4: never inserted
                    if (t.get(absent) != 1) {
                        failures.add("get(" + absent + ") = " + t.get(absent) + " for an absent frame");
                    }
                    n++;
                }
                reads.addAndGet(n);
            }));
        }
        // A writer churning its own frames (2 mod 4): inserts and removes racing with the splits.
        long[] churnCounts = new long[5_000];
        threads.add(Thread.ofPlatform().start(() -> {
            SplittableRandom rnd = new SplittableRandom(SEED ^ 0xC0FFEE);
            while (!stop.get()) {
                int i = rnd.nextInt(churnCounts.length);
                long f = i * 4L + 2;
                if (churnCounts[i] > 0 && rnd.nextBoolean()) {
                    long want = churnCounts[i] == 1 ? 1 : churnCounts[i];
                    long got = t.decrement(f);
                    churnCounts[i]--;
                    if (got != want) {
                        failures.add("decrement(" + f + ") = " + got + ", want " + want);
                    }
                } else {
                    long got = t.increment(f);
                    churnCounts[i]++;
                    if (got != churnCounts[i] + 1) {
                        failures.add("increment(" + f + ") = " + got + ", want " + (churnCounts[i] + 1));
                    }
                }
            }
        }));
        // A batch writer on frames 3 mod 4: +1 then -1 for every frame of each batch.
        AtomicLong batchReleased = new AtomicLong();
        threads.add(Thread.ofPlatform().start(() -> {
            SplittableRandom rnd = new SplittableRandom(SEED ^ 0xBA7C4);
            long[] batch = new long[64];
            while (!stop.get()) {
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = rnd.nextInt(3_000) * 4L + 3;
                }
                t.incrementAll(batch, 0, batch.length);
                t.incrementAll(batch, 0, batch.length);
                t.decrementAll(batch, 0, batch.length, f -> batchReleased.incrementAndGet());
                t.decrementAll(batch, 0, batch.length, f -> batchReleased.incrementAndGet());
            }
        }));

        ResizeControl control = t.resizeControl().orElseThrow();
        control.pace(20_000);
        boolean sawInProgress = false;
        for (int round = 0; round < 2; round++) {
            assertTrue(control.startGrow(), "seed " + SEED);
            sawInProgress |= control.inProgress() || t.stats().resizeInProgress();
            control.awaitQuiescent();
        }
        stop.set(true);
        for (Thread th : threads) {
            th.join(30_000);
        }
        assertTrue(failures.isEmpty(), "seed " + SEED + ": " + failures);
        assertTrue(sawInProgress, "seed " + SEED);
        assertFalse(control.inProgress());
        assertTrue(reads.get() > 0);
        assertEquals(0, batchReleased.get(), "seed " + SEED + ": balanced batches release nothing");
        for (long i = 0; i < stable; i++) {
            assertEquals(stableCount(i * 4), t.get(i * 4), "seed " + SEED + " frame " + i * 4);
        }
        long churnEntries = 0;
        for (int i = 0; i < churnCounts.length; i++) {
            assertEquals(churnCounts[i] + 1, t.get(i * 4L + 2), "seed " + SEED + " churn frame " + (i * 4L + 2));
            churnEntries += churnCounts[i] > 0 ? 1 : 0;
        }
        for (long i = 0; i < 3_000; i++) {
            assertEquals(1, t.get(i * 4 + 3), "seed " + SEED + " batch frame " + (i * 4 + 3));
        }
        assertEquals(stable + churnEntries, t.entries(), "seed " + SEED);
        assertTrue(t.stats().extra().get("splits") > 0);
    }

    /**
     * Targeted: with the identity hash, inserting even frames in order keeps splitting the buckets
     * that hold the earlier ones; readers hammer frames already inserted and must always see 2.
     */
    @Test
    void framesStayVisibleWhileTheirBucketIsSplitUnderThem() throws Exception {
        RosebushTable t = RosebushSplitTest.identityTable();
        AtomicLong published = new AtomicLong(-1); // highest index whose frame is inserted
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            long readerSeed = SEED + 17 * r;
            readers.add(Thread.ofPlatform().start(() -> {
                SplittableRandom rnd = new SplittableRandom(readerSeed);
                while (!stop.get() && failures.size() < 10) {
                    long top = published.get();
                    if (top < 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long i = rnd.nextLong(top + 1);
                    long recent = Math.max(0, top - rnd.nextInt(40)); // the bucket being split now
                    for (long idx : new long[] {0, i, recent}) {
                        long got = t.get(idx * 2);
                        if (got != 2) {
                            failures.add("get(" + idx * 2 + ") = " + got + " with " + (top + 1) + " inserted");
                        }
                    }
                }
            }));
        }
        int n = 40_000;
        for (long i = 0; i < n; i++) {
            t.increment(i * 2);
            published.set(i);
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join(30_000);
        }
        assertTrue(failures.isEmpty(), "seed " + SEED + ": " + failures);
        assertTrue(t.stats().extra().get("splits") > 1000, "many splits happened");
        assertEquals(n, t.entries());
    }
}
