package org.cowmeta.tables.compact;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BucketScan} with SIMD compares: a bucket is one 512-bit vector (or two 256-bit ones),
 * masked to its frame bits and compared with the frame in all lanes at once; the first set lane
 * of the match mask is the slot. No branch depends on where the frame sits in its bucket.
 *
 * <p>Each 64-bit lane of a vector load of aligned memory is read atomically on x86-64 and
 * aarch64, as a plain scalar read would be; which lane values the scan saw only steers the
 * caller, who re-reads the word it acts on.
 */
final class VectorBucketScan implements BucketScan {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    /** Lanes per vector: 8 (one vector per bucket) or 4 (two). */
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Refuses (with an unchecked exception) CPUs whose preferred vectors are neither 256 nor 512 bits. */
    VectorBucketScan() {
        if (LANES != 8 && LANES != 4) {
            throw new UnsupportedOperationException(SPECIES.vectorBitSize() + "-bit vectors");
        }
    }

    /*
     * Every vector lives and dies inside slotOf: a vector passed to or returned from a method
     * the JIT did not inline is boxed on the heap, which costs more than the scan saves (seen
     * here as lookups in some benchmark forks at scalar speed when a helper took the vector).
     */
    @Override
    public int slotOf(MemorySegment words, long off, long frame, long countMask) {
        LongVector v = LongVector.fromMemorySegment(SPECIES, words, off, ORDER);
        VectorMask<Long> holds = v.and(WordLayout.FRAME_MASK).eq(frame)
                .and(v.and(countMask).compare(VectorOperators.NE, 0L));
        int first = holds.firstTrue();
        if (LANES == 8 || first < LANES) {
            return first;
        }
        LongVector high = LongVector.fromMemorySegment(SPECIES, words, off + 8L * LANES, ORDER);
        VectorMask<Long> highHolds = high.and(WordLayout.FRAME_MASK).eq(frame)
                .and(high.and(countMask).compare(VectorOperators.NE, 0L));
        return LANES + highHolds.firstTrue();
    }

    @Override
    public int firstEmpty(MemorySegment words, long off) {
        int first = LongVector.fromMemorySegment(SPECIES, words, off, ORDER)
                .and(WordLayout.SLOT_MASK).eq(0L).firstTrue();
        if (LANES == 8 || first < LANES) {
            return first;
        }
        return LANES + LongVector.fromMemorySegment(SPECIES, words, off + 8L * LANES, ORDER)
                .and(WordLayout.SLOT_MASK).eq(0L).firstTrue();
    }

    @Override
    public String id() {
        return "vector" + SPECIES.vectorBitSize();
    }
}
