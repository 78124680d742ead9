package org.cowmeta.tables.clustered;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.compact.SpillCounts;
import org.cowmeta.tables.memory.VarHandles;

/**
 * The counted frames of one 2 MiB physical area (512 frames): a 512-bit bitmap of which frames
 * are counted and, in bitmap rank order, one byte per counted frame (counts 2..254 inline; 255
 * means the exact count is in {@link SpillCounts}). The kernel layout it models is one kmalloc
 * object: a 16-byte header (area, entries, sequence), the 64-byte bitmap, then the bytes.
 *
 * <p>Concurrency: a sequence lock. Writers make {@code seq} odd by CAS (the lock), change the
 * record, and release it with the next even value; readers read {@code seq}, the data, and
 * {@code seq} again, and retry if it moved or was odd (the kernel's seqcount pattern). A record
 * emptied by its last removal is marked dead under the lock and never used again.
 */
final class AreaRecord {
    static final int FRAMES = 512;
    /** Modeled kernel header: area number (8), entry count (2), seqcount (4), pad. */
    static final int MODELED_HEADER = 16;
    static final int BITMAP_BYTES = 64;
    static final int SPILLED = 255;
    /** A spilled count that falls to this goes back inline. */
    static final int UNSPILL_AT = 127;
    private static final VarHandle SEQ = VarHandles.field(MethodHandles.lookup(), AreaRecord.class, "seq", int.class);

    final long area;
    private volatile int seq;
    final long[] bitmap = new long[FRAMES / 64];
    byte[] counts;
    int entries;
    boolean dead;

    AreaRecord(long area, int capacity) {
        this.area = area;
        this.counts = new byte[Math.max(4, capacity)];
    }

    // ------------------------------------------------------------ sequence lock

    int beginRead() {
        return (int) SEQ.getAcquire(this);
    }

    /** True if nothing was written since {@code begin} (which must have been even). */
    boolean validate(int begin) {
        VarHandle.acquireFence();
        return (begin & 1) == 0 && (int) SEQ.getOpaque(this) == begin;
    }

    void lock() {
        for (int spins = 0; ; spins++) {
            int s = (int) SEQ.getAcquire(this);
            if ((s & 1) == 0 && SEQ.compareAndSet(this, s, s + 1)) {
                return;
            }
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    void unlock() {
        SEQ.setRelease(this, seq + 1);
    }

    // ------------------------------------------------------------ reads (under lock or validated)

    static boolean has(long[] bitmap, int offset) {
        return (bitmap[offset >>> 6] & (1L << offset)) != 0;
    }

    /** How many counted frames precede {@code offset} in the area. */
    static int rank(long[] bitmap, int offset) {
        int word = offset >>> 6;
        int r = Long.bitCount(bitmap[word] & ((1L << offset) - 1));
        for (int i = 0; i < word; i++) {
            r += Long.bitCount(bitmap[i]);
        }
        return r;
    }

    // ------------------------------------------------------------ updates (lock held)

    /** Adds one reference to frame {@code offset} of the area; returns the new count. */
    long incrementLocked(int offset, long frame, SpillCounts spill) {
        int r = rank(bitmap, offset);
        if (has(bitmap, offset)) {
            int c = counts[r] & 0xFF;
            if (c == SPILLED) {
                return spill.counter(frame).incrementAndGet();
            }
            if (c == SPILLED - 1) {
                spill.open(frame, SPILLED);
            }
            counts[r] = (byte) (c + 1);
            return c + 1;
        }
        insertAt(r, offset, 2);
        return 2;
    }

    /** Drops one reference; returns the new count, 0 if the frame was not counted (its last reference). */
    long decrementLocked(int offset, long frame, SpillCounts spill) {
        if (!has(bitmap, offset)) {
            return 0;
        }
        int r = rank(bitmap, offset);
        int c = counts[r] & 0xFF;
        if (c == SPILLED) {
            AtomicLong counter = spill.counter(frame);
            long n = counter.decrementAndGet();
            if (n <= UNSPILL_AT) {
                counts[r] = (byte) n;
                spill.close(frame, counter);
            }
            return n;
        }
        if (c > 2) {
            counts[r] = (byte) (c - 1);
            return c - 1;
        }
        removeAt(r, offset);
        return 1;
    }

    /** Sets the count of frame {@code offset} to {@code count >= 1}; returns the change in entries (-1, 0, +1). */
    int setLocked(int offset, long frame, long count, SpillCounts spill) {
        boolean present = has(bitmap, offset);
        int r = rank(bitmap, offset);
        if (present && (counts[r] & 0xFF) == SPILLED) {
            AtomicLong old = spill.counter(frame);
            if (count >= SPILLED) {
                old.set(count);
                return 0;
            }
            spill.close(frame, old);
        }
        if (count == 1) {
            if (present) {
                removeAt(r, offset);
                return -1;
            }
            return 0;
        }
        int field = (int) Math.min(count, SPILLED);
        if (field == SPILLED) {
            spill.open(frame, count);
        }
        if (present) {
            counts[r] = (byte) field;
            return 0;
        }
        insertAt(r, offset, field);
        return 1;
    }

    // ------------------------------------------------------------ runs of a batch (lock held)

    /**
     * Applies one increment per element of {@code sorted[from, to)}, frames of this area in
     * ascending order (repeats allowed), in one backward merge: the counts array is shifted once
     * instead of once per inserted frame, so a page table's run costs linear, not quadratic,
     * time. Returns how many frames became counted.
     */
    int incrementRunLocked(long[] sorted, int from, int to, SpillCounts spill) {
        int fresh = 0;
        for (int k = from; k < to; k++) {
            int o = offset(sorted[k]);
            if (!has(bitmap, o) && (k == from || offset(sorted[k - 1]) != o)) {
                fresh++;
            }
        }
        byte[] src = counts;
        byte[] dst = src;
        if (entries + fresh > src.length) {
            int capacity = src.length;
            while (capacity < entries + fresh) {
                capacity *= 2;
            }
            dst = new byte[Math.min(FRAMES, capacity)];
        }
        int last = offset(sorted[to - 1]);
        int r = rank(bitmap, last) + (has(bitmap, last) ? 1 : 0); // old entries up to the run's end
        System.arraycopy(src, r, dst, r + fresh, entries - r); // the tail moves once
        int w = r + fresh;
        for (int k = to - 1; k >= from; ) {
            int o = offset(sorted[k]);
            long frame = sorted[k];
            int n = 1;
            while (k - n >= from && offset(sorted[k - n]) == o) {
                n++;
            }
            k -= n;
            boolean present = has(bitmap, o);
            int between = r - rank(bitmap, o) - (present ? 1 : 0); // old entries above o not yet moved
            r -= between;
            w -= between;
            System.arraycopy(src, r, dst, w, between);
            int c = present ? src[--r] & 0xFF : 1;
            for (int i = 0; i < n; i++) {
                c = incremented(c, frame, spill);
            }
            dst[--w] = (byte) c;
            bitmap[o >>> 6] |= 1L << o; // only ranks above o see it, and those are done
        }
        if (dst != src) {
            System.arraycopy(src, 0, dst, 0, r); // r == w: the entries below the run stay put
            counts = dst;
        }
        entries += fresh;
        return fresh;
    }

    /**
     * Applies one decrement per element of {@code sorted[from, to)}, frames of this area in
     * ascending order (repeats allowed), in one forward compaction. A decrement that finds its
     * frame uncounted took the last reference: its element is marked with bit 63 (frames are
     * 40-bit) for the caller to report. Returns how many frames stopped being counted.
     */
    int decrementRunLocked(long[] sorted, int from, int to, SpillCounts spill) {
        int r = rank(bitmap, offset(sorted[from]));
        int w = r;
        int removed = 0;
        for (int k = from; k < to; ) {
            int o = offset(sorted[k]);
            long frame = sorted[k] & Long.MAX_VALUE;
            int n = 1;
            while (k + n < to && offset(sorted[k + n]) == o) {
                n++;
            }
            boolean present = has(bitmap, o);
            int between = rank(bitmap, o) + removed - r; // old entries below o not yet moved
            System.arraycopy(counts, r, counts, w, between);
            r += between;
            w += between;
            int i = 0;
            if (present) {
                int c = counts[r++] & 0xFF;
                for (; i < n && c > 1; i++) {
                    c = decremented(c, frame, spill);
                }
                if (c == 1) {
                    bitmap[o >>> 6] &= ~(1L << o); // only ranks above o see it: they add removed back
                    removed++;
                } else {
                    counts[w++] = (byte) c;
                }
            }
            for (; i < n; i++) {
                sorted[k + i] |= Long.MIN_VALUE;
            }
            k += n;
        }
        System.arraycopy(counts, r, counts, w, entries - r);
        entries -= removed;
        java.util.Arrays.fill(counts, entries, entries + removed, (byte) 0);
        while (entries > 0 && entries <= counts.length / 4 && counts.length > 4) {
            counts = java.util.Arrays.copyOf(counts, counts.length / 2);
        }
        return removed;
    }

    private static int offset(long frame) {
        return (int) frame & (FRAMES - 1);
    }

    /** The count field after one more reference, as {@link #incrementLocked} moves it (1: not counted). */
    private static int incremented(int c, long frame, SpillCounts spill) {
        if (c == SPILLED) {
            spill.counter(frame).incrementAndGet();
            return SPILLED;
        }
        if (c == SPILLED - 1) {
            spill.open(frame, SPILLED);
        }
        return c + 1;
    }

    /** The count field after one reference fewer, as {@link #decrementLocked} moves it (1: no longer counted). */
    private static int decremented(int c, long frame, SpillCounts spill) {
        if (c == SPILLED) {
            AtomicLong counter = spill.counter(frame);
            long n = counter.decrementAndGet();
            if (n <= UNSPILL_AT) {
                spill.close(frame, counter);
                return (int) n;
            }
            return SPILLED;
        }
        return c - 1;
    }

    private void insertAt(int r, int offset, int count) {
        if (entries == counts.length) {
            byte[] grown = new byte[Math.min(FRAMES, counts.length * 2)];
            System.arraycopy(counts, 0, grown, 0, r);
            System.arraycopy(counts, r, grown, r + 1, entries - r);
            grown[r] = (byte) count;
            counts = grown;
        } else {
            System.arraycopy(counts, r, counts, r + 1, entries - r);
            counts[r] = (byte) count;
        }
        bitmap[offset >>> 6] |= 1L << offset;
        entries++;
    }

    private void removeAt(int r, int offset) {
        System.arraycopy(counts, r + 1, counts, r, entries - r - 1);
        entries--;
        counts[entries] = 0;
        bitmap[offset >>> 6] &= ~(1L << offset);
        if (entries > 0 && entries <= counts.length / 4 && counts.length > 4) {
            byte[] shrunk = new byte[counts.length / 2];
            System.arraycopy(counts, 0, shrunk, 0, entries);
            counts = shrunk;
        }
    }

    // ------------------------------------------------------------ accounting

    /** Modeled kernel bytes: one kmalloc object of header, bitmap and one byte per counted frame. */
    long modeledBytes() {
        return org.cowmeta.tables.KernelSizes.kmalloc(MODELED_HEADER + BITMAP_BYTES + entries);
    }

    /** JVM bytes: this object (12 header + 8 area + 4 seq + 4 entries + 1 dead + 2 refs, aligned) and its two arrays. */
    long jvmBytes() {
        return 48 + (16 + 8L * bitmap.length) + align8(16 + counts.length);
    }

    static long align8(long n) {
        return (n + 7) & ~7L;
    }
}
