package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.junit.jupiter.api.Test;

/**
 * For designs that resize online: concurrent updates and batches while grows and shrinks run back
 * to back lose nothing (conservation), and a lookup never misses a counted frame while its part
 * of the table migrates. A subclass gives a table configured to resize often (small, small
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

    /** Alternates grow and shrink, paced, until {@code stop}; counts the resizes it started. */
    private static Thread resizer(ResizeControl control, AtomicBoolean stop, AtomicLong grows, AtomicLong shrinks) {
        return Thread.ofPlatform().name("resizer").start(() -> {
            control.pace(20_000);
            boolean grow = true;
            while (!stop.get()) {
                if (!control.inProgress()) {
                    if (grow ? control.startGrow() : control.startShrink()) {
                        (grow ? grows : shrinks).incrementAndGet();
                    }
                    grow = !grow;
                }
                Thread.onSpinWait();
            }
            control.pace(0);
        });
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
            AtomicLong grows = new AtomicLong();
            AtomicLong shrinks = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                long[] mine = balance[w];
                long wseed = seed + w;
                workers.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                    SplittableRandom r = new SplittableRandom(wseed);
                    long[] batch = new long[64];
                    int[] idx = new int[64];
                    while (!stop.get()) {
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
            Thread resizer = resizer(control, stop, grows, shrinks);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline && (grows.get() < 3 || shrinks.get() < 3) && failures.isEmpty()) {
                Thread.sleep(10);
            }
            stop.set(true);
            resizer.join();
            for (Thread w : workers) {
                w.join();
            }
            control.awaitQuiescent();
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertTrue(grows.get() >= 1 && shrinks.get() >= 1,
                    "seed " + seed + ": grows " + grows + ", shrinks " + shrinks);
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
            AtomicLong grows = new AtomicLong();
            AtomicLong shrinks = new AtomicLong();
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
            Thread resizer = resizer(control, stop, grows, shrinks);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline && (grows.get() < 3 || shrinks.get() < 3) && failures.isEmpty()) {
                Thread.sleep(10);
            }
            stop.set(true);
            resizer.join();
            reader.join();
            writer.join();
            control.awaitQuiescent();
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertTrue(grows.get() >= 1 && shrinks.get() >= 1, "seed " + seed + ": grows " + grows + ", shrinks " + shrinks);
            assertTrue(sweepsDuring.get() > 0, "seed " + seed + ": the reader must have swept during a resize");
            for (int i = 0; i < present; i++) {
                assertEquals(counts[i], t.get(all[i]), "seed " + seed);
            }
            checkInvariants(t);
        }
    }
}
