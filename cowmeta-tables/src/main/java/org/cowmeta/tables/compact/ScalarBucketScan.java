package org.cowmeta.tables.compact;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/** {@link BucketScan} one word at a time: the fallback where the Vector API is not available. */
final class ScalarBucketScan implements BucketScan {
    private static final VarHandle SLOT = BucketArray.SLOT;

    @Override
    public int slotOf(MemorySegment words, long off, long frame, long countMask) {
        for (int i = 0; i < BucketArray.SLOTS; i++) {
            long w = (long) SLOT.get(words, off + 8L * i);
            if ((w & WordLayout.FRAME_MASK) == frame && (w & countMask) != 0) {
                return i;
            }
        }
        return NONE;
    }

    @Override
    public int firstEmpty(MemorySegment words, long off) {
        for (int i = 0; i < BucketArray.SLOTS; i++) {
            if (WordLayout.empty((long) SLOT.get(words, off + 8L * i))) {
                return i;
            }
        }
        return NONE;
    }

    @Override
    public String id() {
        return "scalar";
    }
}
