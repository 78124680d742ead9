package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cowmeta.tables.TableConfig;
import org.junit.jupiter.api.Test;

/**
 * The shape of a Rosebush as it grows, with the identity hash (hash = frame) so that every bucket
 * and every split bit is predictable: inline start, the first growth, splits by the next hash bit,
 * doubling by duplicated pointers, free-slot marking with ~hash.
 */
class RosebushSplitTest {

    static RosebushTable identityTable() {
        return new RosebushTable(TableConfig.of(1L << 40), frame -> (int) frame);
    }

    private static void insertAll(RosebushTable t, long from, long to, long step) {
        for (long f = from; f < to; f += step) {
            assertEquals(2, t.increment(f), "frame " + f);
        }
    }

    @Test
    void startsEmptyThenTwoInlineBuckets() {
        RosebushTable t = identityTable();
        assertNull(t.bush().root);
        t.increment(6);
        PointerTable root = t.bush().root;
        assertTrue(root.inline);
        assertEquals(1, root.mask);
        // The even bucket holds the frame in its first slot; its free marker had the odd low bit.
        Bucket even = root.at(0);
        assertEquals(6, even.hash(0));
        assertEquals(6, even.slot(0).frame);
        for (int i = 1; i < Bucket.ENTRIES; i++) {
            assertTrue(Bucket.isFree(even.hash(i), 6));
        }
    }

    @Test
    void fullInlineBucketGrowsThenSplitsByTheNextHashBit() {
        RosebushTable t = identityTable();
        insertAll(t, 0, 40, 2); // 20 even frames fill the even inline bucket
        assertTrue(t.bush().root.inline);
        t.increment(40);        // the 21st: grow to 4 entries, then split the even bucket by bit 2

        PointerTable root = t.bush().root;
        assertEquals(4, root.size());
        assertEquals(1, t.bush().splits.get());
        assertEquals(1, t.bush().doublings.get());
        assertNotSame(root.at(0), root.at(2), "even class split into two buckets");
        assertSame(root.at(1), root.at(3), "the odd bucket still fills both odd entries");
        assertLiveHashesHaveBit(root.at(0), 2, false);
        assertLiveHashesHaveBit(root.at(2), 2, true);
        assertEquals(11, live(root.at(0)));
        assertEquals(10, live(root.at(2)));
        for (long f = 0; f <= 40; f += 2) {
            assertEquals(2, t.get(f), "frame " + f);
        }
        assertEquals(3, t.stats().extra().get("buckets"));
    }

    @Test
    void fullUnsharedBucketDoublesByDuplicatingPointersAndNothingMoves() {
        RosebushTable t = identityTable();
        insertAll(t, 0, 42, 2);             // state of the previous test: [L, O, H, O]
        insertAll(t, 44, 80, 4);            // fill L (hash = 0 mod 4) to 20 entries
        PointerTable before = t.bush().root;
        Bucket high = before.at(2);
        Bucket odd = before.at(1);
        Counter[] highSlots = new Counter[Bucket.ENTRIES];
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            highSlots[i] = high.slotPlain(i);
        }
        assertEquals(20, live(before.at(0)));
        assertEquals(4, before.size());

        t.increment(80);                    // L is full and not shared: double, then split L by bit 4

        PointerTable after = t.bush().root;
        assertEquals(8, after.size());
        assertEquals(2, t.bush().doublings.get());
        for (int j = 1; j < 8; j += 2) {
            assertSame(odd, after.at(j), "odd bucket duplicated at " + j);
        }
        assertSame(high, after.at(2), "an untouched bucket stays the same object");
        assertSame(high, after.at(6), "and is now shared by its duplicate");
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            assertSame(highSlots[i], high.slotPlain(i), "no entry moves on doubling, slot " + i);
        }
        assertNotSame(after.at(0), after.at(4));
        assertLiveHashesHaveBit(after.at(0), 4, false);
        assertLiveHashesHaveBit(after.at(4), 4, true);
        assertEquals(4, after.stride(2));
        assertEquals(2, after.stride(1));
        assertEquals(8, after.stride(0));
        assertEquals(8, after.stride(4));
        for (long f = 0; f <= 80; f += 2) {
            if (f <= 40 || f % 4 == 0) {
                assertEquals(2, t.get(f), "frame " + f);
            }
        }
    }

    @Test
    void removeWritesTheComplementOfTheHashAndTheSlotIsReused() {
        RosebushTable t = identityTable();
        insertAll(t, 0, 10, 2);  // frames 0,2,4,6,8 in slots 0..4 of the even bucket
        Bucket even = t.bush().root.at(0);
        assertEquals(3, t.increment(4));
        assertEquals(2, t.decrement(4));
        assertEquals(4, even.hash(2), "3 -> 2 keeps the entry");
        assertEquals(1, t.decrement(4));
        assertEquals(~4, even.hash(2), "2 -> 1 writes ~hash");
        assertTrue(Bucket.isFree(even.hash(2), 4));
        assertNull(even.slot(2), "Java clears the slot so the counter can be collected");
        assertEquals(1, t.get(4));
        assertEquals(0, t.decrement(4), "absent frame: its last reference is gone");
        assertEquals(4, t.entries());

        t.increment(100);        // the first free slot is slot 2
        assertEquals(100, even.hash(2));
        assertEquals(100, even.slot(2).frame);
        assertEquals(5, t.entries());
    }

    @Test
    void freeSlotsAfterASplitCarryTheWrongLowBit() {
        RosebushTable t = identityTable();
        insertAll(t, 0, 42, 2);
        PointerTable root = t.bush().root;
        for (int j = 0; j < 4; j++) {
            Bucket b = root.at(j);
            for (int i = 0; i < Bucket.ENTRIES; i++) {
                int stored = b.hash(i);
                boolean free = Bucket.isFree(stored, j);
                assertEquals(free, b.slot(i) == null, "bucket " + j + " slot " + i);
                if (!free) {
                    assertEquals(j & 3, stored & 3, "a live hash in bucket " + j + " must index it");
                }
            }
        }
    }

    private static int live(Bucket b) {
        int n = 0;
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            if (b.slot(i) != null) {
                n++;
            }
        }
        return n;
    }

    private static void assertLiveHashesHaveBit(Bucket b, int bit, boolean set) {
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            if (b.slot(i) != null) {
                assertEquals(set, (b.hash(i) & bit) != 0, "slot " + i + " hash " + b.hash(i));
            }
        }
    }
}
