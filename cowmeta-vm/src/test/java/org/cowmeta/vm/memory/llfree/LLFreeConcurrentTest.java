package org.cowmeta.vm.memory.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLongArray;
import org.cowmeta.vm.memory.FrameAllocator;
import org.junit.jupiter.api.Test;

/**
 * Four threads allocate, claim and free random orders on a memory small enough to run out.
 * A shared bit set, set by CAS after each allocation and cleared before each free, proves that
 * no frame is handed out twice at once; at the end every counter is exact.
 */
class LLFreeConcurrentTest {

    private static final int THREADS = 4;
    private static final long FRAMES = 3L * 16384 + 3 * 512;
    private static final int[] ORDERS = {0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 9};

    /** Frames currently handed out, one bit each, maintained by the test threads. */
    private static final class Ownership {
        private final AtomicLongArray bits = new AtomicLongArray((int) ((FRAMES + 63) / 64));

        void take(long frame, int order, long seed) {
            for (long f = frame; f < frame + (1L << order); f++) {
                int w = (int) (f >>> 6);
                long bit = 1L << (f & 63);
                long old = bits.getAndUpdate(w, v -> v | bit);
                if ((old & bit) != 0) {
                    throw new AssertionError("seed " + seed + ": frame " + f + " handed out twice (block " + frame + " order " + order + ")");
                }
            }
        }

        void give(long frame, int order) {
            for (long f = frame; f < frame + (1L << order); f++) {
                long bit = 1L << (f & 63);
                bits.getAndUpdate((int) (f >>> 6), v -> v & ~bit);
            }
        }
    }

    @Test
    void noFrameTwiceAndExactCountsUnderContention() throws Exception {
        long seed = Long.getLong("cowmeta.seed", System.nanoTime());
        // Fewer slots than threads on purpose: two threads share a slot and its lock protocol.
        LLFreeAllocator alloc = new LLFreeAllocator(FRAMES, 3);
        Ownership owned = new Ownership();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        long[] ooms = new long[THREADS];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    ooms[id] = work(alloc, owned, seed + id, seed);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!errors.isEmpty()) {
            Throwable first = errors.peek();
            throw new AssertionError("seed " + seed + ": " + first, first);
        }
        long totalOoms = 0;
        for (long o : ooms) {
            totalOoms += o;
        }
        assertTrue(totalOoms > 0, "seed " + seed + ": memory never ran out; the test is too gentle");
        assertEquals(FRAMES, alloc.freeFrames(), "seed " + seed + ": free frames by upper counters");
        assertEquals(FRAMES, alloc.freeFramesByChildren(), "seed " + seed + ": free frames by children");
        assertEquals(FRAMES, alloc.freeFramesByBits(), "seed " + seed + ": free frames by bits");
        for (long f = 0; f < FRAMES; f++) {
            if (alloc.isAllocated(f)) {
                throw new AssertionError("seed " + seed + ": frame " + f + " still allocated");
            }
        }
    }

    /** One thread's run; returns how often it saw OUT_OF_MEMORY. */
    private static long work(LLFreeAllocator alloc, Ownership owned, long threadSeed, long seed) {
        SplittableRandom rnd = new SplittableRandom(threadSeed);
        long[] frames = new long[8192];
        int[] orders = new int[8192];
        int live = 0;
        long ooms = 0;
        for (int step = 0; step < 100_000; step++) {
            int op = rnd.nextInt(100);
            if (op < 55 && live < frames.length) {
                int order = ORDERS[rnd.nextInt(ORDERS.length)];
                long frame = alloc.allocate(order);
                if (frame == FrameAllocator.OUT_OF_MEMORY) {
                    ooms++;
                    continue;
                }
                owned.take(frame, order, seed);
                frames[live] = frame;
                orders[live++] = order;
            } else if (op < 58 && live < frames.length) {
                long frame = rnd.nextLong(FRAMES);
                if (alloc.claim(frame)) {
                    owned.take(frame, 0, seed);
                    frames[live] = frame;
                    orders[live++] = 0;
                }
            } else if (live > 0) {
                int i = rnd.nextInt(live);
                long frame = frames[i];
                int order = orders[i];
                frames[i] = frames[--live];
                orders[i] = orders[live];
                owned.give(frame, order);
                alloc.free(frame, order);
            }
        }
        while (live > 0) {
            live--;
            owned.give(frames[live], orders[live]);
            alloc.free(frames[live], orders[live]);
        }
        return ooms;
    }
}
