package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No count is lost or made up under contention: four threads (more than the machine's cores, so
 * they are preempted mid-operation) increment and decrement a shared, small set of frames, one
 * at a time and in batches, each keeping a ledger of what it added. A thread never takes back
 * more than it added, so no count reaches 0 and nothing may be released. On tables that have
 * {@link ResizeControl}, the test thread meanwhile runs grows and shrinks back to back, stepped
 * unit by unit with the workers' operations between units ({@link SteppedResize}); on the others
 * the workers run a fixed number of operations. At the end each count must be 1 + the sum of the
 * ledgers and entries() the number of frames whose count is not 1.
 */
class ConservationStressTest {
    private static final int THREADS = 4;
    /** Operations (all threads together) a table without resizes is exercised with. */
    private static final long OPERATIONS = 2_000_000;
    /** Resizes each way on a table that has resize control. */
    private static final int RESIZES_EACH_WAY = 2;
    /** Handshakes per resize: the workers' operations are spread over about this many points of the migration. */
    private static final long HANDSHAKES = 64;

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
            LongAdder ops = new LongAdder();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long threadSeed = seed + 31L * (t + 1);
                long[] ledger = ledgers[t];
                threads.add(Thread.ofPlatform().name("conservation-" + t).start(() -> {
                    try {
                        start.await();
                        work(table, keys, ledger, new SplittableRandom(threadSeed), stop, ops, failures, where);
                    } catch (Throwable e) {
                        failures.add(where + " " + Thread.currentThread().getName() + ": " + e);
                    }
                }));
            }
            Optional<ResizeControl> rc = table.resizeControl();
            start.countDown();
            long[] resizes = new long[2];
            if (rc.isPresent()) {
                ResizeControl control = rc.get();
                // Some entries first: a table with none may have nothing to resize (Rosebush's empty root).
                while (ops.sum() < 1_000 && failures.isEmpty()) {
                    Thread.onSpinWait();
                }
                SteppedResize driver = SteppedResize.updaters(control, ops::sum, 25, () -> !failures.isEmpty());
                // Grow, shrink, grow, shrink, ...: a grow fails only when the table began a resize of
                // its own (finished first), so a few more attempts than resizes always suffice.
                for (int attempt = 0; attempt < 8 * RESIZES_EACH_WAY && resizes[0] < RESIZES_EACH_WAY; attempt++) {
                    for (boolean grow : new boolean[] {true, false}) {
                        if (driver.run(grow, Math.max(1, control.migrationUnits() / HANDSHAKES))) {
                            resizes[grow ? 0 : 1]++;
                        }
                    }
                }
            } else {
                while (ops.sum() < OPERATIONS && failures.isEmpty()) {
                    Thread.sleep(1);
                }
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(60_000);
                assertTrue(!t.isAlive(), where + " " + t.getName() + " did not finish");
            }
            if (rc.isPresent()) {
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
                assertEquals(RESIZES_EACH_WAY, resizes[0], where + " grows started");
                assertTrue(table.stats().resizes() >= resizes[0] + resizes[1],
                        where + " " + resizes[0] + " grows and " + resizes[1] + " shrinks ran but stats().resizes() is "
                                + table.stats().resizes());
            }
        }
    }

    private static void work(RefCountTable table, long[] keys, long[] ledger, SplittableRandom rnd,
                             AtomicBoolean stop, LongAdder ops, ConcurrentLinkedQueue<String> failures, String where) {
        long[] batch = new long[12];
        int[] batchKeys = new int[batch.length];
        int[] rounds = {0};
        while (!stop.get() || rounds[0] < 1000) {
            rounds[0]++;
            ops.increment();
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

}
