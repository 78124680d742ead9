package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deterministic versions of the one race that matters to writers: the bucket a writer has just
 * read is split before the writer gets its lock. The writer then holds the lock of a frozen,
 * replaced bucket; the patch's re-check (bucket still current?) must send it to the new one, or
 * its update is lost. The split is forced in exactly that window through a test hook.
 */
class RosebushSplitRaceTest {
    private RosebushTable t;
    private Bucket odd;

    @BeforeEach
    void shareTheOddBucket() {
        t = RosebushSplitTest.identityTable();
        for (long f = 0; f <= 40; f += 2) {
            t.increment(f); // [L, O, H, O]
        }
        t.increment(1);
        t.increment(5);
        odd = t.bush().root.at(1);
        assertSame(odd, t.bush().root.at(3));
    }

    /** Splits the odd bucket once, the first time any locking writer is about to lock. */
    private void splitOddBeforeTheNextLock() {
        AtomicBoolean fired = new AtomicBoolean();
        t.bush().beforeLock = () -> {
            if (fired.compareAndSet(false, true)) {
                t.bush().resizer.splitAt(1, odd);
            }
        };
    }

    private void assertSplit() {
        t.bush().beforeLock = null;
        PointerTable root = t.bush().root;
        assertNotSame(odd, root.at(1));
        assertNotSame(odd, root.at(3));
        assertEquals(1, t.bush().splits.get() - 1, "exactly the forced split after the first one");
    }

    @Test
    void anInsertRacingASplitLandsInTheNewBucket() {
        splitOddBeforeTheNextLock();
        assertEquals(2, t.increment(3));
        assertSplit();
        assertEquals(2, t.get(3), "the insert was not lost in the replaced bucket");
        assertEquals(3, t.increment(3));
        assertEquals(2, t.get(1));
        assertEquals(2, t.get(5));
    }

    @Test
    void aRemoveRacingASplitFreesTheSlotOfTheNewBucket() {
        splitOddBeforeTheNextLock();
        assertEquals(1, t.decrement(5));
        assertSplit();
        assertEquals(1, t.get(5));
        assertEquals(2, t.increment(5), "re-inserting finds no dead counter left behind");
        assertEquals(3, t.increment(5));
        assertEquals(22 + 1, t.entries());
    }

    @Test
    void aBatchRacingASplitStaysExact() {
        splitOddBeforeTheNextLock();
        long[] batch = {3, 7, 1, 5, 7};
        t.incrementAll(batch, 0, batch.length);
        assertSplit();
        assertEquals(2, t.get(3));
        assertEquals(3, t.get(7));
        assertEquals(3, t.get(1));
        assertEquals(3, t.get(5));

        odd = t.bush().root.at(1);
        assertTrue(t.bush().root.stride(1) < t.bush().root.size() || growAndShare());
        splitOddBeforeTheNextLock();
        List<Long> released = new ArrayList<>();
        long[] down = {1, 1, 1, 9};
        t.decrementAll(down, 0, down.length, released::add);
        assertEquals(List.of(1L, 9L), released.stream().sorted().toList());
        assertEquals(1, t.get(1));
        assertEquals(2, t.increment(1));
    }

    /** Doubles the pointer array so that the bucket at index 1 is shared again. */
    private boolean growAndShare() {
        t.bush().resizeLock.lock();
        try {
            t.bush().resizer.grow(t.bush().root);
        } finally {
            t.bush().resizeLock.unlock();
        }
        odd = t.bush().root.at(1);
        return t.bush().root.stride(1) < t.bush().root.size();
    }
}
