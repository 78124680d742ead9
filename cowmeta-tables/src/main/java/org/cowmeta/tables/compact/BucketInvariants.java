package org.cowmeta.tables.compact;

import static org.cowmeta.tables.compact.BucketArray.WORD;
import static org.cowmeta.tables.compact.WordLayout.FRAME_MASK;
import static org.cowmeta.tables.compact.WordLayout.FROZEN;
import static org.cowmeta.tables.compact.WordLayout.LOCK;
import static org.cowmeta.tables.compact.WordLayout.MIGRATED;
import static org.cowmeta.tables.compact.WordLayout.OVERFLOW_MAX;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.function.LongUnaryOperator;

/** The invariants of a {@link CompactTable}'s bucket array at rest, checked by its tests. */
final class BucketInvariants {
    private BucketInvariants() {}

    /**
     * Checks, on an array at rest ({@code hash} the table's, {@code counted} its entry count),
     * every invariant the lookups rely on, and throws an {@link AssertionError} naming the first
     * broken one: each overflow count (unless saturated) equals the number of entries whose probe
     * passes its bucket; no frame is stored twice; no word is frozen and no bucket locked or
     * migrated; the entry count matches.
     */
    static void check(BucketArray a, LongUnaryOperator hash, WordLayout layout, long counted) {
        if (a.next != null) {
            throw new AssertionError("a resize is in progress");
        }
        MemorySegment s = a.words;
        long[] passing = new long[(int) a.buckets];
        HashSet<Long> frames = new HashSet<>();
        for (long pos = 0; pos < a.buckets; pos++) {
            long w0 = (long) WORD.getAcquire(s, pos << 6);
            if ((w0 & (LOCK | MIGRATED)) != 0) {
                throw new AssertionError("bucket " + pos + " is locked or migrated: " + Long.toHexString(w0));
            }
            for (int i = 0; i < BucketArray.SLOTS; i++) {
                long w = (long) WORD.getAcquire(s, (pos << 6) + 8L * i);
                if (WordLayout.empty(w)) {
                    continue;
                }
                if ((w & FROZEN) != 0) {
                    throw new AssertionError("frozen word in bucket " + pos);
                }
                long f = w & FRAME_MASK;
                if (!frames.add(f)) {
                    throw new AssertionError("frame " + f + " stored twice");
                }
                if (layout.count(w) < 2) {
                    throw new AssertionError("frame " + f + " has inline count " + layout.count(w));
                }
                for (long p = a.home(hash.applyAsLong(f)); p != pos; p = a.nextBucket(p)) {
                    passing[(int) p]++;
                }
            }
        }
        for (int pos = 0; pos < a.buckets; pos++) {
            long ov = WordLayout.overflow((long) WORD.getAcquire(s, (long) pos << 6));
            if (ov != OVERFLOW_MAX && ov != passing[pos]) {
                throw new AssertionError("bucket " + pos + " overflow count " + ov + " but " + passing[pos] + " entries pass it");
            }
        }
        if (frames.size() != counted) {
            throw new AssertionError(frames.size() + " entries stored but " + counted + " counted");
        }
    }
}
