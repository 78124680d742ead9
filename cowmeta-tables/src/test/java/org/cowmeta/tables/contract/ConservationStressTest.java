package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No count is lost or made up under contention: four threads (more than the machine's cores, so
 * they are preempted mid-operation) increment and decrement a shared, small set of frames, one
 * at a time and in batches, each keeping a ledger of what it added. A thread never takes back
 * more than it added, so no count reaches 0 and nothing may be released. While they run, a fifth
 * thread keeps a resize in progress on tables that have {@link ResizeControl}. At the end each
 * count must be 1 + the sum of the ledgers and entries() the number of frames whose count is not 1.
 */
class ConservationStressTest {
    private static final int THREADS = 4;
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.cowmeta.tables.contract.Registered#specs")
    void countsAreConservedUnderContention(TableSpec spec) throws Exception {
        long seed = Registered.seed();
        SplittableRandom setup = new SplittableRandom(seed);
        long[] keys = new long[96];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i < 32 ? i : setup.nextLong(Registered.PHYSICAL_FRAMES);
        }
        String where = ContractTest.where(spec, seed, -1, -1);
        try (RefCountTable table = Registered.create(spec, Registered.PHYSICAL_FRAMES, seed)) {
            long[][] ledgers = new long[THREADS][keys.length];
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long threadSeed = seed + 31L * (t + 1);
                long[] ledger = ledgers[t];
                threads.add(Thread.ofPlatform().name("conservation-" + t).start(() -> {
                    try {
                        start.await();
                        work(table, keys, ledger, new SplittableRandom(threadSeed), stop, failures, where);
                    } catch (Throwable e) {
                        failures.add(where + " " + Thread.currentThread().getName() + ": " + e);
                    }
                }));
            }
            Optional<ResizeControl> rc = table.resizeControl();
            AtomicLong resizesStarted = new AtomicLong();
            Thread resizer = rc.map(control -> Thread.ofPlatform().name("resizer").start(() -> {
                try {
                    start.await();
                    keepResizing(control, stop, resizesStarted);
                } catch (Throwable e) {
                    failures.add(where + " resizer: " + e);
                }
            })).orElse(null);

            start.countDown();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RUN_NANOS));
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
                assertTrue(!t.isAlive(), where + " " + t.getName() + " did not finish");
            }
            if (resizer != null) {
                resizer.join(30_000);
                assertTrue(!resizer.isAlive(), where + " the resizer did not finish");
                rc.get().pace(0);
                rc.get().awaitQuiescent();
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));

            long counted = 0;
            for (int k = 0; k < keys.length; k++) {
                long expected = 1;
                for (long[] ledger : ledgers) {
                    expected += ledger[k];
                }
                assertEquals(expected, table.get(keys[k]), where + " count of frame " + keys[k]);
                if (expected != 1) {
                    counted++;
                }
            }
            assertEquals(counted, table.entries(), where + " entries()");
            assertEquals(counted, table.stats().entries(), where + " stats().entries()");
            if (rc.isPresent()) {
                assertTrue(resizesStarted.get() > 0, where + " no resize could be started");
                assertTrue(table.stats().resizes() > 0, where + " resizes started but stats().resizes() is " + table.stats().resizes());
            }
        }
    }

    private static void work(RefCountTable table, long[] keys, long[] ledger, SplittableRandom rnd,
                             AtomicBoolean stop, ConcurrentLinkedQueue<String> failures, String where) {
        long[] batch = new long[12];
        int[] batchKeys = new int[batch.length];
        int[] rounds = {0};
        while (!stop.get() || rounds[0] < 1000) {
            rounds[0]++;
            int dice = rnd.nextInt(100);
            int k = rnd.nextInt(keys.length);
            if (dice < 35) {
                long c = table.increment(keys[k]);
                if (c < 2 + ledger[k]) {
                    failures.add(where + " increment of " + keys[k] + " returned " + c + " but this thread alone holds " + ledger[k]);
                    return;
                }
                ledger[k]++;
            } else if (dice < 75) {
                if (ledger[k] > 0) {
                    long c = table.decrement(keys[k]);
                    if (c < ledger[k]) {
                        failures.add(where + " decrement of " + keys[k] + " returned " + c + " but this thread still holds " + (ledger[k] - 1) + " more");
                        return;
                    }
                    ledger[k]--;
                }
            } else if (dice < 82) {
                long c = table.get(keys[k]);
                if (c < 1 + ledger[k]) {
                    failures.add(where + " get of " + keys[k] + " returned " + c + " but this thread alone holds " + ledger[k]);
                    return;
                }
            } else if (dice < 91) {
                int n = 1 + rnd.nextInt(batch.length);
                for (int i = 0; i < n; i++) {
                    batchKeys[i] = i > 0 && rnd.nextInt(4) == 0 ? batchKeys[i - 1] : rnd.nextInt(keys.length);
                    batch[i] = keys[batchKeys[i]];
                }
                table.incrementAll(batch, 0, n);
                for (int i = 0; i < n; i++) {
                    ledger[batchKeys[i]]++;
                }
            } else {
                // A batch of frames this thread holds, repeats allowed up to what it holds.
                int n = 0;
                for (int tries = 0; tries < batch.length && n < batch.length; tries++) {
                    int key = rnd.nextInt(keys.length);
                    if (ledger[key] > 0) {
                        ledger[key]--;
                        batchKeys[n] = key;
                        batch[n++] = keys[key];
                    }
                }
                table.decrementAll(batch, 0, n,
                        f -> failures.add(where + " decrementAll released " + f + " though references to it are held"));
            }
        }
    }

    /** Keeps a resize in progress, alternating grow and shrink, slowed so each lasts a while. */
    private static void keepResizing(ResizeControl control, AtomicBoolean stop, AtomicLong started) throws InterruptedException {
        control.pace(20_000);
        boolean grow = true;
        while (!stop.get()) {
            if (grow ? control.startGrow() : control.startShrink()) {
                started.incrementAndGet();
            }
            grow = !grow;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (control.inProgress() && !stop.get() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (control.inProgress()) {
                control.pace(0);
                control.awaitQuiescent();
                control.pace(20_000);
            }
        }
        control.pace(0);
    }
}
