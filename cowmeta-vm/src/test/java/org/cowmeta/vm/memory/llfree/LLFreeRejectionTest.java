package org.cowmeta.vm.memory.llfree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cowmeta.vm.memory.FrameAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad frees are refused with an exception and change nothing; huge frames come only from
 * entirely free areas; metadata matches LLFree's layout; 2^28 frames fit in a modest heap.
 */
class LLFreeRejectionTest {

    private static final long FRAMES = 16384 + 1000;

    /** Everything observable about the allocator, to compare before and after a refused call. */
    private static long[] snapshot(LLFreeAllocator a) {
        long[] s = new long[(int) a.totalFrames() + 3];
        for (int f = 0; f < a.totalFrames(); f++) {
            s[f] = a.isAllocated(f) ? 1 : 0;
        }
        s[s.length - 3] = a.freeFrames();
        s[s.length - 2] = a.freeFramesByChildren();
        s[s.length - 1] = a.freeFramesByBits();
        return s;
    }

    private static void refused(LLFreeAllocator a, Class<? extends Throwable> type, Executable call) {
        long[] before = snapshot(a);
        assertThrows(type, call);
        assertArrayEquals(before, snapshot(a), "a refused call changed the allocator");
    }

    @Test
    void badFreesAreRefusedAndChangeNothing() {
        LLFreeAllocator a = new LLFreeAllocator(FRAMES, 2);
        long o3 = a.allocate(3);
        long o0 = a.allocate(0);
        long o6 = a.allocate(6);
        long huge = a.allocate(9);
        long o1a = a.allocate(1);
        long o1b = a.allocate(1);
        assertTrue(o3 >= 0 && o0 >= 0 && o6 >= 0 && huge >= 0 && o1a >= 0 && o1b >= 0);

        // Wrong orders: smaller, larger, an interior frame, small vs huge.
        refused(a, IllegalStateException.class, () -> a.free(o3, 2));
        refused(a, IllegalStateException.class, () -> a.free(o3, 0));
        refused(a, IllegalStateException.class, () -> a.free(o3 + 4, 2));
        refused(a, IllegalStateException.class, () -> a.free(o3 + 1, 0));
        refused(a, IllegalStateException.class, () -> a.free(o6, 5));
        refused(a, IllegalStateException.class, () -> a.free(o6 + 32, 5));
        refused(a, IllegalStateException.class, () -> a.free(huge, 0));
        refused(a, IllegalStateException.class, () -> a.free(huge + 64, 6));
        refused(a, IllegalStateException.class, () -> a.free(o6 & ~511L, 9));
        // Two adjacent order-1 blocks are not one order-2 block, whichever comes first.
        long pair = Math.min(o1a, o1b);
        if (Math.abs(o1a - o1b) == 2 && pair % 4 == 0) {
            refused(a, IllegalStateException.class, () -> a.free(pair, 2));
        }
        // Foreign frames, misalignment and invalid orders.
        refused(a, IllegalArgumentException.class, () -> a.free(FRAMES, 0));
        refused(a, IllegalArgumentException.class, () -> a.free(-1, 0));
        refused(a, IllegalArgumentException.class, () -> a.free(FRAMES - 1, 1));
        refused(a, IllegalArgumentException.class, () -> a.free(o3 + 1, 3));
        refused(a, IllegalArgumentException.class, () -> a.free(o3, 7));
        refused(a, IllegalArgumentException.class, () -> a.allocate(8));
        refused(a, IllegalArgumentException.class, () -> a.allocate(-1));
        refused(a, IllegalArgumentException.class, () -> a.claim(FRAMES));
        refused(a, IllegalArgumentException.class, () -> a.isAllocated(FRAMES));

        // Correct frees succeed; a second free of the same block is refused.
        a.free(o3, 3);
        refused(a, IllegalStateException.class, () -> a.free(o3, 3));
        a.free(huge, 9);
        refused(a, IllegalStateException.class, () -> a.free(huge, 9));
        a.free(o0, 0);
        refused(a, IllegalStateException.class, () -> a.free(o0, 0));
        a.free(o6, 6);
        a.free(o1a, 1);
        a.free(o1b, 1);
        assertEquals(FRAMES, a.freeFrames());
        assertEquals(FRAMES, a.freeFramesByBits());
    }

    @Test
    void claimTakesExactlyThatFrame() {
        LLFreeAllocator a = new LLFreeAllocator(FRAMES, 2);
        assertTrue(a.claim(12345));
        assertTrue(a.isAllocated(12345));
        assertFalse(a.isAllocated(12344));
        assertFalse(a.claim(12345));
        assertEquals(FRAMES - 1, a.freeFrames());
        long huge = a.allocate(9);
        assertFalse(a.claim(huge + 17), "claim inside a huge frame");
        a.free(12345, 0);
        a.free(huge, 9);
        assertEquals(FRAMES, a.freeFrames());
    }

    @Test
    void hugeFramesOnlyFromEntirelyFreeAreas() {
        LLFreeAllocator a = new LLFreeAllocator(16384, 1); // one tree of 32 areas
        for (int area = 0; area < 32; area++) {
            if (area != 7) {
                assertTrue(a.claim(area * 512L + (area * 37 % 512)));
            }
        }
        assertEquals(7 * 512L, a.allocate(9));
        assertEquals(FrameAllocator.OUT_OF_MEMORY, a.allocate(9));
        a.free(3 * 512L + (3 * 37 % 512), 0);
        assertEquals(3 * 512L, a.allocate(9));
        assertEquals(FrameAllocator.OUT_OF_MEMORY, a.allocate(9));
        // Small frames still come from the partially used areas, never from the huge ones.
        long small = a.allocate(6);
        assertTrue(small >= 0 && small / 512 != 3 && small / 512 != 7, "order 6 at " + small);
    }

    @Test
    void metadataMatchesLLFreeLayout() {
        long gib = 1L << 18; // frames of 4 KiB in 1 GiB
        LLFreeAllocator a = new LLFreeAllocator(gib, 4);
        // bit fields 32768 + children 16 trees x 64 B + trees 16 x 2 B + 4 CPUs x 64 B
        assertEquals(32768 + 1024 + 32 + 256, a.metadataBytes());
    }

    @Test
    void terabyteOfFramesFitsInModestHeap() {
        long frames = 1L << 28; // 1 TiB of 4 KiB frames
        LLFreeAllocator a = new LLFreeAllocator(frames, 4);
        assertEquals(frames, a.freeFrames());
        assertTrue(a.jvmBytes() < 70L << 20, "JVM bytes " + a.jvmBytes());
        long[] got = new long[64];
        int[] orders = {0, 9, 3, 6, 0, 9, 1, 2};
        for (int i = 0; i < got.length; i++) {
            got[i] = a.allocateOn(i % 4, orders[i % orders.length]);
            assertTrue(got[i] >= 0 && got[i] < frames);
        }
        assertTrue(a.claim(frames - 1));
        a.free(frames - 1, 0);
        for (int i = 0; i < got.length; i++) {
            a.freeOn(i % 3, got[i], orders[i % orders.length]);
        }
        assertEquals(frames, a.freeFrames());
    }
}
