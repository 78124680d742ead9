package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.junit.jupiter.api.Test;

/**
 * For designs that resize online: concurrent updates and batches while grows and shrinks run back
 * to back lose nothing (conservation), and a lookup never misses a counted frame while its part
 * of the table migrates. The resizes are stepped unit by unit ({@link SteppedResize}) with the
 * others' progress between units, so the interleaving is forced, not hoped for. A subclass gives a table configured to resize often (small, small
 * migration units, narrow inline counts so spills race with migration too), its key set, and any
 * internal invariant check.
 */
public abstract class OnlineResizeConcurrencyTest<T extends RefCountTable> {
    protected static final long FRAMES = 1L << 40;

    /** A table that resizes often under this test's few thousand frames. */
    protected abstract T table(long seed);

    /** {@code n} frames (repeats allowed) of the key set the design is meant for. */
    protected long[] frames(SplittableRandom r, int n) {
        return r.longs(n, 0, FRAMES).toArray();
    }

    /** A count to seed a present frame with; some should exceed the design's inline width. */
    protected long seededCount(SplittableRandom r) {
        return 2 + r.nextInt(10);
    }

    /** The design's own structural check, run when the table is quiet at the end. */
    protected void checkInvariants(T table) {}

    /** Resizes each way this test makes, alternating, each stepped unit by unit. */
    private static final int RESIZES_EACH_WAY = 3;

    /** Handshakes per resize: the others run at about this many points of each migration. */
    private static final long HANDSHAKES = 16;

    /**
     * Runs {@link #RESIZES_EACH_WAY} grows and as many shrinks, alternating, each stepped with
     * {@link #HANDSHAKES} handshakes spread over its units; returns {grows, shrinks}.
     */
    private static long[] resizeBackToBack(ResizeControl control, SteppedResize driver) throws InterruptedException {
        long[] done = new long[2];
        for (int attempt = 0; attempt < 8 * RESIZES_EACH_WAY && (done[0] < RESIZES_EACH_WAY || done[1] < RESIZES_EACH_WAY);
             attempt++) {
            boolean grow = attempt % 2 == 0;
            if (driver.run(grow, Math.max(1, control.migrationUnits() / HANDSHAKES))) {
                done[grow ? 0 : 1]++;
            }
        }
        return done;
    }

    @Test
    public void updatesAreConservedWhileGrowAndShrinkRun() throws Exception {
        long seed = System.nanoTime();
        int threads = 3;
        int keys = 1500;
        long[] frames = frames(new SplittableRandom(seed), keys);
        try (T t = table(seed)) {
            ResizeControl control = t.resizeControl().orElseThrow();
            long[][] balance = new long[threads][keys];
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            LongAdder ops = new LongAdder();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                long[] mine = balance[w];
                long wseed = seed + w;
                workers.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                    SplittableRandom r = new SplittableRandom(wseed);
                    long[] batch = new long[64];
                    int[] idx = new int[64];
                    while (!stop.get()) {
                        ops.increment();
                        int op = r.nextInt(10);
                        if (op < 2) {
                            int n = 1 + r.nextInt(64);
                            for (int j = 0; j < n; j++) {
                                idx[j] = r.nextInt(keys);
                                batch[j] = frames[idx[j]];
                            }
                            t.incrementAll(batch, 0, n);
                            for (int j = 0; j < n; j++) {
                                mine[idx[j]]++;
                            }
                            continue;
                        }
                        int i = r.nextInt(keys);
                        if (op < 5) {
                            t.increment(frames[i]);
                            mine[i]++;
                        } else if (op < 8) {
                            if (mine[i] > 0) {
                                long c = t.decrement(frames[i]);
                                mine[i]--;
                                if (c < 1 + mine[i]) {
                                    failures.add("seed " + seed + ": decrement of " + frames[i] + " gave " + c
                                            + " below this thread's own " + (1 + mine[i]));
                                    return;
                                }
                            }
                        } else {
                            long c = t.get(frames[i]);
                            if (c < 1 + mine[i]) {
                                failures.add("seed " + seed + ": get(" + frames[i] + ") = " + c
                                        + " below this thread's own references " + (1 + mine[i]));
                                return;
                            }
                        }
                    }
                }));
            }
            // Every unit of migration has some of the workers' operations between it and the next.
            long[] resizes = resizeBackToBack(control, SteppedResize.updaters(control, ops::sum, 40, () -> !failures.isEmpty()));
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            control.awaitQuiescent();
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertTrue(resizes[0] >= RESIZES_EACH_WAY && resizes[1] >= RESIZES_EACH_WAY,
                    "seed " + seed + ": grows " + resizes[0] + ", shrinks " + resizes[1]);
            long expectedEntries = 0;
            for (int i = 0; i < keys; i++) {
                long want = 1;
                for (long[] mine : balance) {
                    want += mine[i];
                }
                // Frames may repeat among the random keys: fold duplicates.
                for (int j = 0; j < i; j++) {
                    if (frames[j] == frames[i]) {
                        want = -1;
                    }
                }
                if (want < 0) {
                    continue;
                }
                for (int j = i + 1; j < keys; j++) {
                    if (frames[j] == frames[i]) {
                        for (long[] mine : balance) {
                            want += mine[j];
                        }
                    }
                }
                assertEquals(want, t.get(frames[i]), "seed " + seed + " frame " + frames[i]);
                if (want > 1) {
                    expectedEntries++;
                }
            }
            assertEquals(expectedEntries, t.entries(), "seed " + seed);
            checkInvariants(t);
        }
    }

    @Test
    public void lookupsNeverMissWhileBucketsMigrate() throws Exception {
        long seed = System.nanoTime();
        int present = 2000;
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] all = java.util.Arrays.stream(frames(rnd, 6 * present)).distinct().limit(2L * present).toArray();
        try (T t = table(seed)) {
            ResizeControl control = t.resizeControl().orElseThrow();
            long[] counts = new long[present];
            for (int i = 0; i < present; i++) {
                counts[i] = seededCount(rnd);
                t.seed(all[i], counts[i]);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sweeps = new AtomicLong();
            AtomicLong sweepsDuring = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofPlatform().name("reader").start(() -> {
                while (!stop.get()) {
                    boolean during = control.inProgress();
                    for (int i = 0; i < present; i++) {
                        long c = t.get(all[i]);
                        if (c != counts[i]) {
                            failures.add("seed " + seed + ": get(" + all[i] + ") = " + c + ", expected " + counts[i]);
                            return;
                        }
                    }
                    if (during && control.inProgress()) {
                        sweepsDuring.incrementAndGet();
                    }
                    sweeps.incrementAndGet();
                }
            });
            Thread writer = Thread.ofPlatform().name("writer").start(() -> {
                SplittableRandom w = new SplittableRandom(seed + 1);
                long[] mine = new long[present];
                while (!stop.get()) {
                    int i = w.nextInt(present);
                    if (mine[i] > 0 && w.nextBoolean()) {
                        t.decrement(all[present + i]);
                        mine[i]--;
                    } else {
                        t.increment(all[present + i]);
                        mine[i]++;
                    }
                }
            });
            // Two completed sweeps after each unit: at least one whole sweep ran on the part-migrated table.
            long[] resizes = resizeBackToBack(control, SteppedResize.readers(control, sweeps::get, 2,
                    () -> !failures.isEmpty() || !reader.isAlive()));
            stop.set(true);
            reader.join();
            writer.join();
            control.awaitQuiescent();
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertTrue(resizes[0] >= RESIZES_EACH_WAY && resizes[1] >= RESIZES_EACH_WAY,
                    "seed " + seed + ": grows " + resizes[0] + ", shrinks " + resizes[1]);
            // Held between units, the resize cannot end while a handshake waits for a sweep.
            assertTrue(sweepsDuring.get() > 0, "seed " + seed + ": no sweep ran while a resize was held in progress");
            for (int i = 0; i < present; i++) {
                assertEquals(counts[i], t.get(all[i]), "seed " + seed);
            }
            checkInvariants(t);
        }
    }
}
