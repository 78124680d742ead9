package org.cowmeta.tables.compact;

/**
 * The bits of one 64-bit word of a {@link CompactTable} bucket. Every word is a slot:
 * <pre>
 *   bits  0..39  frame number (40 bits)
 *   bits 40..40+w-1  inline count (w = inline width, 2..12); 0 = empty slot, all ones = SPILLED
 *                    (the exact count is in {@link SpillCounts})
 *   bit  52      FROZEN: the word is being copied to the next bucket array and must not change
 * </pre>
 * Word 0 of each bucket also carries the bucket's header in its top eleven bits, so that the
 * header costs no slot and is read with the bucket's one cache line:
 * <pre>
 *   bits 53..61  overflow count (F14's "outbound overflow"): how many entries whose probe passed
 *                this bucket live further on; saturates at 511 and then stays (conservative;
 *                unreachable below load 0.95 in practice)
 *   bit  62      MIGRATED: every entry whose home is this bucket now lives in the next array
 *   bit  63      LOCK: held by the one thread inserting an entry whose home is this bucket,
 *                changing its spill state, or migrating it
 * </pre>
 * Header and slot 0 change only by whole-word CAS, so neither can tear the other.
 */
final class WordLayout {
    static final long FRAME_MASK = (1L << 40) - 1;
    static final int COUNT_SHIFT = 40;
    static final long FROZEN = 1L << 52;
    /** Slot bits: frame, count, frozen. An empty slot has all of them zero. */
    static final long SLOT_MASK = (1L << 53) - 1;
    static final int OVERFLOW_SHIFT = 53;
    static final long OVERFLOW_ONE = 1L << OVERFLOW_SHIFT;
    static final long OVERFLOW_MAX = 511;
    static final long OVERFLOW_MASK = OVERFLOW_MAX << OVERFLOW_SHIFT;
    static final long MIGRATED = 1L << 62;
    static final long LOCK = 1L << 63;
    static final int MAX_INLINE_BITS = 12;
    static final int MIN_INLINE_BITS = 2;

    /** Inline width in bits. */
    final int inlineBits;
    /** The count field's value meaning "spilled"; inline counts are 2..spilled-1. */
    final long spilled;
    /** The count field in place. */
    final long countMask;
    /** One count in place: adding it to a word increments the count. */
    static final long COUNT_ONE = 1L << COUNT_SHIFT;
    /** A decrement of a spilled count to this value or below moves it back inline. */
    final long unspillAt;

    WordLayout(int inlineBits) {
        if (inlineBits < MIN_INLINE_BITS || inlineBits > MAX_INLINE_BITS) {
            throw new IllegalArgumentException("inlineBits must be " + MIN_INLINE_BITS + " to "
                    + MAX_INLINE_BITS + ", not " + inlineBits);
        }
        this.inlineBits = inlineBits;
        this.spilled = (1L << inlineBits) - 1;
        this.countMask = spilled << COUNT_SHIFT;
        this.unspillAt = Math.max(2, (spilled - 1) / 2);
    }

    long count(long word) {
        return (word & countMask) >>> COUNT_SHIFT;
    }

    /** Whether the word's slot holds {@code frame} (empty slots never match, even for frame 0). */
    boolean holds(long word, long frame) {
        return (word & FRAME_MASK) == frame && (word & countMask) != 0;
    }

    static boolean empty(long word) {
        return (word & SLOT_MASK) == 0;
    }

    long slot(long frame, long countField) {
        return frame | (countField << COUNT_SHIFT);
    }

    /** The word with its count field replaced, header and frozen bit kept. */
    long withCount(long word, long countField) {
        return (word & ~countMask) | (countField << COUNT_SHIFT);
    }

    static long overflow(long header) {
        return (header & OVERFLOW_MASK) >>> OVERFLOW_SHIFT;
    }
}
