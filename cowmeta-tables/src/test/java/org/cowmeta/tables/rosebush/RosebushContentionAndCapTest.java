package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;

/** The contention counter (+10 contended, -1 uncontended, split past 5000) and the growth caps. */
class RosebushContentionAndCapTest {

    @Test
    void uncontendedLocksDecayTheCounter() {
        RosebushTable t = RosebushSplitTest.identityTable();
        t.increment(1);
        Bucket odd = t.bush().root.at(1);
        odd.contention = 5;
        t.increment(3);      // insert: reserve and use, two uncontended locks
        t.decrement(3);      // 2 -> 1: one uncontended lock
        assertEquals(2, odd.contention);
        t.increment(1);      // present frame: lock-free CAS, no lock at all
        assertEquals(2, odd.contention);
    }

    @Test
    void aContendedLockPastTheThresholdSplitsTheBucket() throws Exception {
        RosebushTable t = RosebushSplitTest.identityTable();
        for (long f = 0; f <= 40; f += 2) {
            t.increment(f);  // [L, O, H, O]: the odd bucket is shared by entries 1 and 3
        }
        t.increment(1);
        PointerTable root = t.bush().root;
        Bucket odd = root.at(1);
        assertSame(odd, root.at(3));
        odd.contention = Rosebush.CONTENTION_SPLIT_THRESHOLD - 5;

        CountDownLatch spinning = new CountDownLatch(1);
        t.bush().beforeContendedSpin = spinning::countDown;
        assertTrue(odd.tryLock(), "the test holds the bucket lock");
        AtomicLong result = new AtomicLong();
        Thread writer = new Thread(() -> result.set(t.increment(3)));
        writer.start();
        assertTrue(spinning.await(10, TimeUnit.SECONDS), "writer reached the contended path");
        odd.unlock();
        writer.join(10_000);

        assertEquals(2, result.get());
        assertEquals(1, t.bush().contentionSplits.get());
        assertEquals(1, t.bush().contendedLocks.get());
        PointerTable after = t.bush().root;
        assertEquals(4, after.size(), "the odd bucket was shared: no doubling needed");
        assertNotSame(after.at(1), after.at(3));
        assertEquals(2, t.get(1));
        assertEquals(2, t.get(3));
        assertEquals(0, after.at(1).contention, "new buckets start with a fresh counter");
    }

    @Test
    void moreThanTwentyFramesWithOneHashFailClearlyAndChangeNothing() {
        RosebushTable t = new RosebushTable(TableConfig.of(1L << 40), frame -> 0x1234);
        for (long f = 0; f < Bucket.ENTRIES; f++) {
            assertEquals(2, t.increment(f));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.increment(1000));
        assertTrue(e.getMessage().contains("share the 32-bit hash"), e.getMessage());
        assertEquals(Bucket.ENTRIES, t.entries());
        assertEquals(1, t.get(1000));
        for (long f = 0; f < Bucket.ENTRIES; f++) {
            assertEquals(2, t.get(f), "frame " + f);
            assertEquals(3, t.increment(f), "present frames still work, frame " + f);
        }
        assertEquals(1, t.decrement(0) - 1, "3 -> 2");
        assertEquals(1, t.decrement(0), "2 -> 1 frees a slot");
        assertEquals(2, t.increment(1000), "now there is room");
    }

    @Test
    void thePointerArrayCapStopsRunawayGrowth() {
        // 21 frames sharing the low 16 hash bits would need 2^17 entries; the cap is 2^6.
        TableConfig config = TableConfig.of(1L << 40).withOption("maxTableBits", "6");
        RosebushTable t = new RosebushTable(config, frame -> (int) (frame << 16));
        for (long f = 0; f < Bucket.ENTRIES; f++) {
            t.increment(f);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.increment(Bucket.ENTRIES));
        assertTrue(e.getMessage().contains("2^6"), e.getMessage());
        assertEquals(64, t.bush().root.size());
        assertEquals(Bucket.ENTRIES, t.entries());
        for (long f = 0; f < Bucket.ENTRIES; f++) {
            assertEquals(2, t.get(f));
        }
    }

    @Test
    void badMaxTableBitsIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new RosebushTable(TableConfig.of(1024).withOption("maxTableBits", "31")));
    }
}
