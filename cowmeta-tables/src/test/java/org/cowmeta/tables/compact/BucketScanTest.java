package org.cowmeta.tables.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector scan answers exactly as the scalar one on buckets with every kind of word: empty
 * slots (which frame 0 must not match), header bits in word 0, frozen words, spilled counts,
 * the frame in any slot or absent, and bit patterns that differ from the frame only above bit 40.
 */
class BucketScanTest {
    private static final long SEED = 0x5CA7L;

    @Test
    void theSurefireJvmHasTheVectorScan() {
        assertTrue(VectorSupport.usable(), "the build runs tests with --add-modules jdk.incubator.vector: "
                + VectorSupport.why());
        assertTrue(BucketScan.named("auto").id().startsWith("vector"));
    }

    @Test
    void vectorAndScalarAgreeOnRandomBuckets() {
        BucketScan vector = BucketScan.named("vector");
        BucketScan scalar = BucketScan.named("scalar");
        WordLayout layout = new WordLayout(12);
        SplittableRandom rnd = new SplittableRandom(SEED);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64 * 64, 64);
            for (int round = 0; round < 20_000; round++) {
                long frame = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(WordLayout.FRAME_MASK + 1);
                long bucket = rnd.nextInt(64);
                long off = bucket * 64;
                for (int i = 0; i < 8; i++) {
                    BucketArray.WORD.set(s, off + 8L * i, randomWord(rnd, layout, frame, i == 0));
                }
                for (int i = 0; i < 8; i++) {
                    assertEquals(scalar.slotOf(s, off, frame, layout.countMask),
                            vector.slotOf(s, off, frame, layout.countMask),
                            "seed " + SEED + " round " + round + " frame " + frame);
                }
            }
        }
    }

    @Test
    void anEmptySlotNeverMatchesFrameZero() {
        WordLayout layout = new WordLayout(4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64, 64);
            BucketArray.WORD.set(s, 0L, WordLayout.LOCK | 3 * WordLayout.OVERFLOW_ONE); // header only
            BucketArray.WORD.set(s, 40L, layout.slot(0, 2));
            for (String name : new String[] {"vector", "scalar"}) {
                assertEquals(5, BucketScan.named(name).slotOf(s, 0, 0, layout.countMask), name);
                assertEquals(BucketScan.NONE, BucketScan.named(name).slotOf(s, 0, 7, layout.countMask), name);
            }
        }
    }

    @Test
    void anUnknownScanIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BucketScan.named("simd"));
        assertTrue(e.getMessage().contains("auto, vector or scalar"), e.getMessage());
    }

    /** A word holding {@code frame} (sometimes), a near miss, an empty slot or another frame. */
    private static long randomWord(SplittableRandom rnd, WordLayout layout, long frame, boolean header) {
        long slot = switch (rnd.nextInt(6)) {
            case 0 -> 0; // empty
            case 1 -> layout.slot(frame, 2 + rnd.nextInt((int) layout.spilled - 1)); // holds it, maybe spilled
            case 2 -> layout.slot(frame, 2) | WordLayout.FROZEN;
            case 3 -> layout.slot(frame ^ (1L << rnd.nextInt(40)), 2); // one frame bit off
            case 4 -> frame; // the frame's bits with a zero count: not an entry
            default -> layout.slot(rnd.nextLong(WordLayout.FRAME_MASK + 1), 3);
        };
        if (header) {
            slot |= rnd.nextLong() & ~WordLayout.SLOT_MASK; // overflow count, MIGRATED, LOCK
        }
        return slot;
    }
}
