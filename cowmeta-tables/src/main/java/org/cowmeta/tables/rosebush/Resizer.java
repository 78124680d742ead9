package org.cowmeta.tables.rosebush;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rosebush's resize protocol, all under the root's resize lock: create the two inline initial
 * buckets; double the pointer array by duplicating pointers (no entry moves); split a bucket that
 * is shared by several pointer-array entries into two new buckets by the next hash bit, copying its
 * 20 positions under its lock and then rewriting its entries. A full bucket that is not shared
 * first doubles the array, as in the patch. Nothing ever shrinks or merges.
 *
 * <p>Cap: the pointer array never exceeds 2^maxTableBits entries. A full bucket that cannot be
 * split (its 20 live hashes all equal the new one, or separating them would need a larger array)
 * makes the insert fail with {@link IllegalStateException}; the table is left unchanged. With a
 * well-mixed 32-bit hash of 40-bit frames, 21 frames agreeing on 28+ hash bits do not occur in
 * practice.
 */
final class Resizer {
    /** Modeled kernel addresses: pointer arrays live in their own region, each aligned to 2^36. */
    static final long TABLE_REGION = 1L << 44;

    private final Rosebush bush;
    private final int maxTableBits;
    private final AtomicLong tablesAllocated = new AtomicLong();

    Resizer(Rosebush bush, int maxTableBits) {
        this.bush = bush;
        this.maxTableBits = maxTableBits;
    }

    private long nextTableAddress() {
        return TABLE_REGION + (tablesAllocated.incrementAndGet() << 36);
    }

    /** rbh_first: two inline buckets whose free marker is the low bit each index excludes. */
    void createInitial() {
        bush.resizeLock.lock();
        try {
            if (bush.root == null) {
                Bucket even = new Bucket(~0);
                Bucket odd = new Bucket(0);
                bush.buckets.set(2);
                bush.publish(PointerTable.initial(even, odd, nextTableAddress()));
            }
        } finally {
            bush.resizeLock.unlock();
        }
    }

    void splitFull(Bucket full, int h) {
        split(full, h, false);
    }

    void splitForContention(Bucket contended, int h) {
        split(contended, h, true);
    }

    private void split(Bucket old, int h, boolean forContention) {
        bush.resizeLock.lock();
        bush.resizing.incrementAndGet();
        try {
            PointerTable t = bush.root;
            if (t.bucket(h) != old) {
                return; // somebody split it already; the caller retries
            }
            if (t.inline) {
                growFromInline(t); // the caller retries and finds a shared copy
                return;
            }
            int index = h & t.mask;
            int stride = t.stride(index);
            if (stride == t.size()) {
                if (!forContention && !checkSplittable(old, h)) {
                    return; // no longer full
                }
                if (t.size() >= (1 << maxTableBits)) {
                    if (forContention) {
                        return; // only contention: living with it is fine
                    }
                    throw capReached();
                }
                t = grow(t);
            }
            splitShared(t, old, index, stride, forContention);
        } finally {
            bush.resizing.decrementAndGet();
            bush.resizeLock.unlock();
        }
    }

    /** False if the bucket has a free slot again; throws if its 20 live hashes all equal h. */
    private boolean checkSplittable(Bucket b, int h) {
        b.lockSpinning();
        try {
            if (b.freePositions(h) != 0) {
                return false;
            }
            if (b.matches(h) != (1 << Bucket.ENTRIES) - 1) {
                return true;
            }
        } finally {
            b.unlock();
        }
        throw new IllegalStateException("rosebush: more than " + Bucket.ENTRIES
                + " counted frames share the 32-bit hash " + Integer.toHexString(h)
                + "; a bucket holds at most " + Bucket.ENTRIES + " and splitting cannot separate equal hashes");
    }

    private IllegalStateException capReached() {
        return new IllegalStateException("rosebush: a full bucket would need a pointer array larger than 2^"
                + maxTableBits + " entries (more than " + Bucket.ENTRIES
                + " counted frames share that many low hash bits); raise option maxTableBits or use a better hash");
    }

    /** Doubles the pointer array by duplicating it into both halves and publishes it. */
    PointerTable grow(PointerTable t) {
        int n = t.size();
        Bucket[] doubled = new Bucket[2 * n];
        System.arraycopy(t.entries, 0, doubled, 0, n);
        System.arraycopy(t.entries, 0, doubled, n, n);
        PointerTable bigger = PointerTable.of(doubled, nextTableAddress());
        bush.publish(bigger);
        bush.doublings.incrementAndGet();
        return bigger;
    }

    /**
     * The first growth: the two inline buckets are copied into separate buckets (under their locks,
     * so they are frozen from here on) and the new 4-entry array shares each copy twice.
     */
    private void growFromInline(PointerTable t) {
        Bucket even = t.at(0);
        Bucket odd = t.at(1);
        even.lockSpinning();
        odd.lockSpinning();
        try {
            Bucket e = Bucket.copyOf(even);
            Bucket o = Bucket.copyOf(odd);
            bush.publish(PointerTable.of(new Bucket[] {e, o, e, o}, nextTableAddress()));
            bush.doublings.incrementAndGet();
        } finally {
            odd.unlock();
            even.unlock();
        }
    }

    /**
     * Splits a bucket of stride s < size by hash bit s: all 20 positions (live or free, as the
     * patch's bucket_copy does) go to the new bucket their stored hash's bit selects, the rest are
     * filled with the free marker ~h, then every entry of the old class is pointed at its half.
     */
    private void splitShared(PointerTable t, Bucket old, int index, int stride, boolean forContention) {
        old.lockSpinning();
        try {
            Bucket low = new Bucket(0);
            Bucket high = new Bucket(0);
            int nLow = 0;
            int nHigh = 0;
            for (int i = 0; i < Bucket.ENTRIES; i++) {
                int stored = old.hashPlain(i);
                Counter c = old.slotPlain(i);
                if ((stored & stride) == 0) {
                    low.fill(nLow++, stored, c);
                } else {
                    high.fill(nHigh++, stored, c);
                }
            }
            // Every hash in this class shares index's low bit (stride >= 2), so ~index marks free.
            int free = ~index;
            while (nLow < Bucket.ENTRIES) {
                low.fill(nLow++, free, null);
            }
            while (nHigh < Bucket.ENTRIES) {
                high.fill(nHigh++, free, null);
            }
            for (int j = index & (stride - 1); j <= t.mask; j += stride) {
                t.set(j, (j & stride) == 0 ? low : high);
            }
            bush.buckets.incrementAndGet();
            bush.splits.incrementAndGet();
            if (forContention) {
                bush.contentionSplits.incrementAndGet();
            }
        } finally {
            old.unlock();
        }
    }

    /**
     * For {@link ResizeControl}: doubles the pointer array now and returns the first index of every
     * distinct bucket (each of them now shared), for a paced split of every one; null if the table
     * is empty or capped. Later doublings keep a bucket at the same low index, so the index stays valid.
     */
    GrowthPlan doubleForGrowth() {
        bush.resizeLock.lock();
        bush.resizing.incrementAndGet();
        try {
            PointerTable t = bush.root;
            if (t == null) {
                return null;
            }
            if (t.inline) {
                growFromInline(t);
            } else if (t.size() >= (1 << maxTableBits)) {
                return null;
            } else {
                grow(t);
            }
            t = bush.root;
            int[] firsts = new int[t.size()];
            int n = 0;
            for (int j = 0; j <= t.mask; j++) {
                if (j < t.stride(j)) {
                    firsts[n++] = j;
                }
            }
            Bucket[] expected = new Bucket[n];
            for (int k = 0; k < n; k++) {
                expected[k] = t.at(firsts[k]);
            }
            return new GrowthPlan(java.util.Arrays.copyOf(firsts, n), expected);
        } finally {
            bush.resizing.decrementAndGet();
            bush.resizeLock.unlock();
        }
    }

    /** Splits the bucket now at {@code index} by its next hash bit if it is shared; for the paced growth. */
    void splitAt(int index, Bucket expected) {
        bush.resizeLock.lock();
        bush.resizing.incrementAndGet();
        try {
            PointerTable t = bush.root;
            if (t.inline || index > t.mask || t.at(index) != expected) {
                return; // already split (by an insert or contention)
            }
            int stride = t.stride(index);
            if (stride < t.size()) {
                splitShared(t, expected, index, stride, false);
            }
        } finally {
            bush.resizing.decrementAndGet();
            bush.resizeLock.unlock();
        }
    }

    /** The buckets a paced growth will split, by first index, as they were right after the doubling. */
    record GrowthPlan(int[] indices, Bucket[] buckets) {}
}
