package org.cowmeta.tables.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.ResizeControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
