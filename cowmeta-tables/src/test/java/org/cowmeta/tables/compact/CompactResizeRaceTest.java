package org.cowmeta.tables.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.cowmeta.tables.ResizeControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A race of compact's resize that random scheduling rarely hits, forced with the table's hooks
 * and latches (the model checker cannot: it does not switch threads at accesses to off-heap
 * memory, see {@code LincheckHarnessTest}).
 *
 * <p>The race: an update misses its frame at the home in the old array; an insert that locked
 * that home before the resize attached the next array then places the frame in the old array;
 * a migrator freezes it and copies it into the next array, and has not yet marked the home
 * MIGRATED; the update, looking in the next array, finds the copy. Readers of the old array still
 * return the frozen original, so the update must not change the copy until the home is marked.
 */
class CompactResizeRaceTest {
    @AfterEach
    void clearHooks() {
        CompactTable.betweenArrays = null;
        CompactTable.awaitingMigration = null;
        CompactTable.afterShrinkCheck = null;
        CompactTable.awaitingRoom = null;
    }

    @Test
    void anUpdateThatFindsAMigrationsCopyWaitsUntilTheHomeIsMarked() throws InterruptedException {
        // callers: startGrow attaches the target itself, so the updater's miss meets it
        try (CompactTable t = CompactTableTest.table("initialBuckets", "64", "blockBuckets", "1", "migrator", "callers")) {
            long frame = 12345;
            ResizeControl control = t.resizeControl().orElseThrow();
            control.hold(); // only this test migrates
            assertTrue(control.startGrow());

            CountDownLatch missedInOld = new CountDownLatch(1);
            CountDownLatch copyMade = new CountDownLatch(1);
            CountDownLatch waitingOrDone = new CountDownLatch(1);
            AtomicLong result = new AtomicLong();
            Thread updater = Thread.ofPlatform().unstarted(() -> {
                result.set(t.increment(frame));
                waitingOrDone.countDown();
            });
            AtomicBoolean first = new AtomicBoolean();
            CompactTable.betweenArrays = () -> {
                if (Thread.currentThread() == updater && first.compareAndSet(false, true)) {
                    missedInOld.countDown();
                    awaitQuietly(copyMade);
                }
            };
            CompactTable.awaitingMigration = () -> {
                if (Thread.currentThread() == updater) {
                    waitingOrDone.countDown();
                }
            };
            updater.start();
            missedInOld.await();
            t.placeInCurrent(frame, 2); // the insert that locked its home before the attach
            t.copyHomeWithoutMarking(frame); // the migrator, stopped before marking the home
            copyMade.countDown();
            waitingOrDone.await(); // the updater now waits for the home, or (wrongly) has returned

            long seen = t.get(frame);
            long returned = result.get();
            assertEquals(2, seen, "a reader returns the frozen original while the home is not marked");
            assertEquals(0, returned, "the updater returned " + returned + " while readers still see " + seen);

            t.markMigrated(frame);
            updater.join();
            assertEquals(3, result.get());
            assertEquals(3, t.get(frame));
            while (control.step()) {
                // finish the resize
            }
            assertEquals(3, t.get(frame));
            t.checkInvariants();
        }
    }

    /**
     * A shrink is checked to fit (the entries it will copy leave room in its smaller target), and
     * then the target is allocated (milliseconds for a large one) and attached; the attaching
     * thread may be descheduled anywhere in between. Inserts into the old array go on meanwhile,
     * and every one of them is a copy the target must take. Here they are forced in right after
     * the entries were counted for the check: more than the target holds. They must wait once
     * they have used up what the check left room for; otherwise the migration finds its target
     * full and, stopped mid-home, leaves every operation on that home waiting for good (a
     * simulator run with the background migrator hung so).
     */
    @ParameterizedTest
    @ValueSource(strings = {"callers", "background"})
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against the hang this test is about (spins ignore interrupts), not a measurement
    void insertsWhileAShrinkIsBeingAttachedStopAtWhatItsTargetHasRoomFor(String migrator) throws InterruptedException {
        try (CompactTable t = CompactTableTest.table("initialBuckets", "1024", "blockBuckets", "16",
                "loadFactor", "0.95", "automaticShrinking", "false", "migrator", migrator)) {
            long before = 100;
            long burst = 5000; // the 512-bucket target has 4096 slots; the old array grows only past 7782
            for (long f = 0; f < before; f++) {
                t.increment(f * 7919);
            }
            CountDownLatch inserterDoneOrWaiting = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread inserter = Thread.ofPlatform().unstarted(() -> {
                try {
                    for (long f = before; f < before + burst; f++) {
                        t.increment(f * 7919);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    inserterDoneOrWaiting.countDown();
                }
            });
            AtomicBoolean first = new AtomicBoolean();
            CompactTable.afterShrinkCheck = () -> {
                if (first.compareAndSet(false, true)) {
                    inserter.start();
                    awaitQuietly(inserterDoneOrWaiting);
                }
            };
            AtomicBoolean waited = new AtomicBoolean();
            CompactTable.awaitingRoom = () -> {
                if (Thread.currentThread() == inserter) {
                    waited.set(true);
                    inserterDoneOrWaiting.countDown();
                }
            };
            ResizeControl control = t.resizeControl().orElseThrow();
            assertTrue(control.startShrink());
            inserter.join();
            assertNull(failure.get(), () -> "the inserter failed: " + failure.get());
            assertTrue(waited.get(), "the burst is larger than the target: some insert must have waited for the attach");
            control.awaitQuiescent();
            assertEquals(before + burst, t.entries());
            t.checkInvariants();
            for (long f = 0; f < before + burst; f++) {
                assertEquals(2, t.get(f * 7919), "frame " + f);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
