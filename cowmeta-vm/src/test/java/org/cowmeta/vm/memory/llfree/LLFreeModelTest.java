package org.cowmeta.vm.memory.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.cowmeta.vm.memory.FrameAllocator;
import org.junit.jupiter.api.Test;

/**
 * Randomized single-thread test of {@link LLFreeAllocator} against a reference bit set: every
 * allocation is a free aligned block of the model, every OUT_OF_MEMORY means the model has no
 * such block, and all counters agree with the model. Run with -Dcowmeta.seed=N to repeat a seed.
 */
class LLFreeModelTest {

    private static final int[] ORDERS = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 9};
    /** Two full trees, a cut-off third tree whose last area is cut off too. */
    private static final long FRAMES = 2L * 16384 + 5 * 512 + 77;

    private static long seed() {
        return Long.getLong("cowmeta.seed", System.nanoTime());
    }

    /** One live block in the test's ledger. */
    private record Block(long frame, int order) {}

    @Test
    void randomOperationsMatchReferenceBitSet() {
        for (int run = 0; run < 3; run++) {
            long seed = seed() + run;
            try {
                runModel(seed, 3, 50_000);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void runModel(long seed, int slots, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LLFreeAllocator alloc = new LLFreeAllocator(FRAMES, slots);
        BitSet model = new BitSet((int) FRAMES);
        List<Block> live = new ArrayList<>();
        // Phases alternate between filling up (to reach exhaustion) and draining.
        boolean filling = true;
        int exhaustions = 0;
        for (int step = 0; step < steps; step++) {
            int slot = rnd.nextInt(slots + 1); // slot == slots: use the thread's own slot
            int op = rnd.nextInt(100);
            if (filling ? op < 75 : op < 35) {
                int order = ORDERS[rnd.nextInt(ORDERS.length)];
                long frame = slot == slots ? alloc.allocate(order) : alloc.allocateOn(slot, order);
                if (frame == FrameAllocator.OUT_OF_MEMORY) {
                    assertTrue(!hasFreeBlock(model, order), "OOM at order " + order + " though the model has a free block");
                    exhaustions++;
                    if (!live.isEmpty()) {
                        // Free a block that makes an allocation of this order possible, then retry.
                        Block b = pickBlockOfAtLeast(live, order, rnd);
                        if (b != null) {
                            release(alloc, model, live, b, rnd, slots);
                            long again = alloc.allocateOn(rnd.nextInt(slots), order);
                            assertNotEquals(FrameAllocator.OUT_OF_MEMORY, again, "no allocation after a free of order " + b.order());
                            take(model, live, again, order);
                        }
                    }
                    filling = false;
                } else {
                    take(model, live, frame, order);
                }
            } else if (op < 85 && !live.isEmpty()) {
                Block b = live.get(rnd.nextInt(live.size()));
                release(alloc, model, live, b, rnd, slots);
            } else {
                long frame = rnd.nextLong(FRAMES);
                boolean expected = !model.get((int) frame);
                assertEquals(expected, alloc.claim(frame), "claim(" + frame + ")");
                if (expected) {
                    take(model, live, frame, 0);
                }
            }
            if (model.cardinality() < FRAMES / 8) {
                filling = true;
            }
            assertEquals(FRAMES - model.cardinality(), alloc.freeFrames(), "freeFrames after step " + step);
            if (step % 5000 == 0) {
                checkAll(alloc, model);
            }
        }
        assertTrue(exhaustions > 0, "the run never exhausted memory");
        for (Block b : List.copyOf(live)) {
            release(alloc, model, live, b, rnd, slots);
        }
        checkAll(alloc, model);
        assertEquals(FRAMES, alloc.freeFrames());
        // Everything free again: one huge frame per complete area is available.
        int huge = 0;
        while (alloc.allocate(9) != FrameAllocator.OUT_OF_MEMORY) {
            huge++;
        }
        assertEquals(FRAMES / 512, huge, "huge frames after freeing everything");
    }

    private static void take(BitSet model, List<Block> live, long frame, int order) {
        int n = 1 << order;
        assertEquals(0, frame % n, "block " + frame + " not aligned to order " + order);
        assertTrue(frame >= 0 && frame + n <= FRAMES, "block " + frame + " outside memory");
        int next = model.nextSetBit((int) frame);
        assertTrue(next < 0 || next >= frame + n, "block " + frame + " order " + order + " overlaps allocated frame " + next);
        model.set((int) frame, (int) frame + n);
        live.add(new Block(frame, order));
    }

    private static void release(LLFreeAllocator alloc, BitSet model, List<Block> live, Block b, SplittableRandom rnd, int slots) {
        int slot = rnd.nextInt(slots + 1);
        if (slot == slots) {
            alloc.free(b.frame(), b.order());
        } else {
            alloc.freeOn(slot, b.frame(), b.order());
        }
        model.clear((int) b.frame(), (int) b.frame() + (1 << b.order()));
        live.remove(b);
    }

    private static Block pickBlockOfAtLeast(List<Block> live, int order, SplittableRandom rnd) {
        int start = rnd.nextInt(live.size());
        for (int i = 0; i < live.size(); i++) {
            Block b = live.get((start + i) % live.size());
            if (b.order() >= order) {
                return b;
            }
        }
        return null;
    }

    private static boolean hasFreeBlock(BitSet model, int order) {
        int n = 1 << order;
        for (long f = 0; f + n <= FRAMES; f += n) {
            int next = model.nextSetBit((int) f);
            if (next < 0 || next >= f + n) {
                return true;
            }
        }
        return false;
    }

    static void checkAll(LLFreeAllocator alloc, BitSet model) {
        for (long f = 0; f < alloc.totalFrames(); f++) {
            if (alloc.isAllocated(f) != model.get((int) f)) {
                fail("isAllocated(" + f + ") = " + alloc.isAllocated(f) + ", model says " + model.get((int) f));
            }
        }
        long free = alloc.totalFrames() - model.cardinality();
        assertEquals(free, alloc.freeFrames(), "free frames by upper counters");
        assertEquals(free, alloc.freeFramesByChildren(), "free frames by children");
        assertEquals(free, alloc.freeFramesByBits(), "free frames by bits");
    }
}
