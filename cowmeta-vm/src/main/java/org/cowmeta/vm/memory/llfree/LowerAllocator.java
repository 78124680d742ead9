package org.cowmeta.vm.memory.llfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * LLFree's lower level: one bit per frame in 64-bit atomic words, eight words (512 frames, one
 * 2 MiB area) per 16-bit child entry that counts the area's free frames or marks the whole area
 * as one allocated huge frame.
 *
 * <p>Protocol, as in LLFree's {@code lower/cache.rs}: an allocation of order 0-6 first takes
 * {@code 2^order} from the child counter (one CAS), then sets an aligned run of zero bits in one
 * word (one CAS), undoing the counter if no word of the area has such a run; a free clears the
 * bits (one CAS) before giving the frames back to the child. So a child's count never exceeds
 * the zero bits of its area. Order 9 is one CAS of the child from 512 (entirely free) to HUGE; the
 * area's bits stay zero. The search begins at the word of the hint and walks the 32 children of
 * the hint's tree.
 *
 * <p>Not in LLFree: a second bit field, {@code interior}, marks every frame of a multi-frame
 * block except its first. The kernel trusts the order it is given back; the simulator checks it,
 * so a free of the wrong order (or of a frame in the middle of a block) is refused before
 * anything changes. It costs one more atomic OR on allocation of order 1-6 and one AND on their
 * free, and is kept out of {@link LLFreeAllocator#metadataBytes()}.
 */
final class LowerAllocator {

    static final int AREA_ORDER = 9;
    static final int AREA_FRAMES = 1 << AREA_ORDER;
    static final int WORDS_PER_AREA = AREA_FRAMES / 64;
    /** Children per tree: {@code Cache<32>} of the ATC'23 artifact (llfree-c uses 8). */
    static final int CHILDREN_PER_TREE = 32;
    static final int TREE_ORDER = AREA_ORDER + 5;
    static final int TREE_FRAMES = 1 << TREE_ORDER;
    /** Largest order served from one bit-field word. */
    static final int MAX_WORD_ORDER = 6;
    static final int HUGE_ORDER = AREA_ORDER;
    /** Child value of an area allocated as one huge frame (u16::MAX in LLFree). */
    static final short HUGE = (short) 0xFFFF;
    /** Bounded retries of a whole search under contention, as LLFree's CAS_RETRIES. */
    static final int CAS_RETRIES = 4;

    static final long NOT_FOUND = -1;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SHORTS = MethodHandles.arrayElementVarHandle(short[].class);

    /** Bits at the positions where a block of order k may start inside a word. */
    private static final long[] ALIGNED_STARTS = {
        -1L, 0x5555_5555_5555_5555L, 0x1111_1111_1111_1111L, 0x0101_0101_0101_0101L,
        0x0001_0001_0001_0001L, 0x0000_0001_0000_0001L, 0x0000_0000_0000_0001L,
    };

    private final long frames;
    private final int areas;
    private final long[] bits;
    private final long[] interior;
    private final short[] children;

    LowerAllocator(long frames) {
        this.frames = frames;
        long areaCount = (frames + AREA_FRAMES - 1) >>> AREA_ORDER;
        // Whole trees of children, so that a tree's search never leaves the array.
        long treeCount = (frames + TREE_FRAMES - 1) >>> TREE_ORDER;
        if (areaCount * WORDS_PER_AREA > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too many frames for one bit-field array: " + frames);
        }
        this.areas = (int) areaCount;
        this.bits = new long[areas * WORDS_PER_AREA];
        this.interior = new long[areas * WORDS_PER_AREA];
        this.children = new short[(int) (treeCount * CHILDREN_PER_TREE)];
        for (int a = 0; a < areas; a++) {
            children[a] = (short) Math.min(AREA_FRAMES, frames - ((long) a << AREA_ORDER));
        }
        // Frames past the end are permanently "allocated" so no search can hand them out.
        for (long f = frames; f < (long) areas << AREA_ORDER; f++) {
            bits[(int) (f >>> 6)] |= 1L << (f & 63);
        }
        VarHandle.releaseFence();
    }

    long frames() {
        return frames;
    }

    int areas() {
        return areas;
    }

    int wordCount() {
        return bits.length;
    }

    /**
     * Allocates {@code 2^order} frames (order 0-6) in the tree of {@code hint}, starting at the
     * hint's area and word. Returns the first frame or {@link #NOT_FOUND}.
     */
    long allocSmall(long hint, int order) {
        int n = 1 << order;
        int firstArea = (int) ((hint >>> TREE_ORDER) * CHILDREN_PER_TREE);
        int offset = (int) ((hint >>> AREA_ORDER) & (CHILDREN_PER_TREE - 1));
        int startWord = (int) ((hint >>> 6) & (WORDS_PER_AREA - 1));
        for (int retry = 0; retry < CAS_RETRIES; retry++) {
            for (int j = 0; j < CHILDREN_PER_TREE; j++) {
                int area = firstArea + ((offset + j) & (CHILDREN_PER_TREE - 1));
                if (area >= areas || !childTake(area, n)) {
                    continue;
                }
                long frame = takeBitsInArea(area, j == 0 ? startWord : 0, order);
                if (frame != NOT_FOUND) {
                    return frame;
                }
                childGive(area, n); // fragmented: the count was there, no aligned run was
            }
        }
        return NOT_FOUND;
    }

    /** Allocates an entirely free area of the hint's tree as one huge frame, or NOT_FOUND. */
    long allocHuge(long hint) {
        int firstArea = (int) ((hint >>> TREE_ORDER) * CHILDREN_PER_TREE);
        int offset = (int) ((hint >>> AREA_ORDER) & (CHILDREN_PER_TREE - 1));
        for (int retry = 0; retry < CAS_RETRIES; retry++) {
            for (int j = 0; j < CHILDREN_PER_TREE; j++) {
                int area = firstArea + ((offset + j) & (CHILDREN_PER_TREE - 1));
                if (area < areas && SHORTS.compareAndSet(children, area, (short) AREA_FRAMES, HUGE)) {
                    return (long) area << AREA_ORDER;
                }
            }
            Thread.onSpinWait();
        }
        return NOT_FOUND;
    }

    /**
     * Sets exactly {@code frame}'s bit if it is free; false if it (or its area) is taken. Exact
     * under concurrency: false only after seeing the bit set or the area huge.
     */
    boolean claim(long frame) {
        int area = (int) (frame >>> AREA_ORDER);
        int w = (int) (frame >>> 6);
        long bit = 1L << (frame & 63);
        for (int spins = 0; !childTake(area, 1); spins++) {
            // The child may lag the bits: a free clears its bits before it counts them back, an
            // allocation counts before it sets bits. Answer "taken" only if the bit says so.
            if (isHuge(area) || ((long) LONGS.getVolatile(bits, w) & bit) != 0) {
                return false;
            }
            if ((spins & 63) == 63) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        long word = (long) LONGS.getVolatile(bits, w);
        while ((word & bit) == 0) {
            long witness = (long) LONGS.compareAndExchange(bits, w, word, word | bit);
            if (witness == word) {
                return true;
            }
            word = witness;
        }
        childGive(area, 1);
        return false;
    }

    /**
     * Frees a block of order 0-6 or 9. Every check comes before the first change, so a refused
     * free changes nothing.
     *
     * @throws IllegalStateException on a double free or a wrong order
     */
    void free(long frame, int order) {
        int area = (int) (frame >>> AREA_ORDER);
        if (order == HUGE_ORDER) {
            if (!SHORTS.compareAndSet(children, area, HUGE, (short) AREA_FRAMES)) {
                throw new IllegalStateException("frame " + frame + " is not allocated as a huge frame"
                        + " (double free or wrong order 9)");
            }
            return;
        }
        if ((short) SHORTS.getVolatile(children, area) == HUGE) {
            throw new IllegalStateException("frame " + frame + " lies in a huge frame: wrong order " + order);
        }
        int n = 1 << order;
        int w = (int) (frame >>> 6);
        int bit = (int) (frame & 63);
        long mask = blockMask(order, bit);
        if (((long) LONGS.getVolatile(bits, w) & mask) != mask) {
            throw new IllegalStateException("frames " + frame + "+" + n + " are not all allocated"
                    + " (double free or wrong order " + order + ")");
        }
        checkBlockBoundaries(frame, order, w, bit, mask);
        long inner = mask & ~(1L << bit);
        if (inner != 0) {
            // Still ours: nobody can allocate these frames before their bits are cleared below.
            LONGS.getAndBitwiseAndRelease(interior, w, ~inner);
        }
        long word = (long) LONGS.getVolatile(bits, w);
        while (true) {
            if ((word & mask) != mask) {
                throw new IllegalStateException("frames " + frame + "+" + n + " freed concurrently twice");
            }
            long witness = (long) LONGS.compareAndExchange(bits, w, word, word & ~mask);
            if (witness == word) {
                break;
            }
            word = witness;
        }
        childGive(area, n);
    }

    /** Refuses a free whose order does not match the block that was allocated there. */
    private void checkBlockBoundaries(long frame, int order, int w, int bit, long mask) {
        long marks = (long) LONGS.getAcquire(interior, w);
        if ((marks & (1L << bit)) != 0) {
            throw new IllegalStateException("frame " + frame + " is inside a larger block: wrong order " + order);
        }
        long inner = mask & ~(1L << bit);
        if ((marks & inner) != inner) {
            throw new IllegalStateException("frames " + frame + "+" + (1 << order)
                    + " are several blocks: wrong order " + order);
        }
        long next = frame + (1L << order);
        if (next < (long) bits.length * 64) {
            long nextMarks = (next >>> 6) == w ? marks : (long) LONGS.getAcquire(interior, (int) (next >>> 6));
            if ((nextMarks & (1L << (next & 63))) != 0) {
                throw new IllegalStateException("block at " + frame + " is larger than order " + order);
            }
        }
    }

    boolean isAllocated(long frame) {
        if ((short) SHORTS.getVolatile(children, (int) (frame >>> AREA_ORDER)) == HUGE) {
            return true;
        }
        return ((long) LONGS.getVolatile(bits, (int) (frame >>> 6)) & (1L << (frame & 63))) != 0;
    }

    /** Free frames of an area according to its child (0 for a huge frame). */
    int childFree(int area) {
        short c = (short) SHORTS.getVolatile(children, area);
        return c == HUGE ? 0 : c;
    }

    boolean isHuge(int area) {
        return (short) SHORTS.getVolatile(children, area) == HUGE;
    }

    /** Zero bits of an area's bit field (a check against the child counter). */
    int zeroBits(int area) {
        int zeros = 0;
        for (int i = 0; i < WORDS_PER_AREA; i++) {
            zeros += Long.bitCount(~(long) LONGS.getVolatile(bits, area * WORDS_PER_AREA + i));
        }
        return zeros;
    }

    /** Takes {@code n} from the child's free count if it has that many and is not huge. */
    private boolean childTake(int area, int n) {
        short c = (short) SHORTS.getVolatile(children, area);
        while (c != HUGE && c >= n) {
            short witness = (short) SHORTS.compareAndExchange(children, area, c, (short) (c - n));
            if (witness == c) {
                return true;
            }
            c = witness;
        }
        return false;
    }

    private void childGive(int area, int n) {
        short c = (short) SHORTS.getVolatile(children, area);
        while (true) {
            if (c == HUGE || c + n > AREA_FRAMES) {
                throw new IllegalStateException("child counter of area " + area + " corrupted: " + c + " + " + n);
            }
            short witness = (short) SHORTS.compareAndExchange(children, area, c, (short) (c + n));
            if (witness == c) {
                return;
            }
            c = witness;
        }
    }

    /** Sets the first aligned run of 2^order zero bits, searching the area's words from startWord. */
    private long takeBitsInArea(int area, int startWord, int order) {
        int base = area * WORDS_PER_AREA;
        for (int i = 0; i < WORDS_PER_AREA; i++) {
            int w = base + ((startWord + i) & (WORDS_PER_AREA - 1));
            long word = (long) LONGS.getVolatile(bits, w);
            while (true) {
                int bit = firstFreeBlock(word, order);
                if (bit < 0) {
                    break;
                }
                long mask = blockMask(order, bit);
                long witness = (long) LONGS.compareAndExchange(bits, w, word, word | mask);
                if (witness == word) {
                    long inner = mask & ~(1L << bit);
                    if (inner != 0) {
                        LONGS.getAndBitwiseOrRelease(interior, w, inner);
                    }
                    return ((long) w << 6) + bit;
                }
                word = witness;
            }
        }
        return NOT_FOUND;
    }

    /** Lowest bit where an aligned run of 2^order zero bits starts, or -1. */
    static int firstFreeBlock(long word, int order) {
        long free = ~word;
        // After step s, bit i is set iff bits i .. i + 2s - 1 are all zero in word.
        for (int s = 1; s < (1 << order); s <<= 1) {
            free &= free >>> s;
        }
        free &= ALIGNED_STARTS[order];
        return free == 0 ? -1 : Long.numberOfTrailingZeros(free);
    }

    static long blockMask(int order, int bit) {
        return order == MAX_WORD_ORDER ? -1L : ((1L << (1 << order)) - 1) << bit;
    }
}
