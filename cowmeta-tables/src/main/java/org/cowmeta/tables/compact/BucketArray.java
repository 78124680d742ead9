package org.cowmeta.tables.compact;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.memory.OffHeapMemory;
import org.cowmeta.tables.memory.VarHandles;

/**
 * One generation of a {@link CompactTable}: an off-heap array of 64-byte buckets (eight words,
 * one cache line each, 64-byte aligned) and, while a resize runs, the migration state toward
 * the next generation: which blocks of buckets have been claimed by helpers and how many are done.
 *
 * <p>A frame's home bucket is {@code (hash32 * buckets) >>> 32} (Lemire's fast range): any bucket
 * count works, so a table can be sized for its load factor exactly rather than to a power of two.
 *
 * <p>The segment lives in an automatic arena (in huge pages where the OS offers them, see
 * {@link OffHeapMemory}): a retired generation is released by the garbage
 * collector once no thread can still be reading it, which is the safe-memory-reclamation
 * guarantee lock-free readers need (the kernel would use RCU here).
 */
final class BucketArray {
    static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();
    /** The same words for plain reads only (no alignment check; see ScalarBucketScan). */
    static final VarHandle SLOT = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();
    static final int BUCKET_BYTES = 64;
    static final int SLOTS = 8;
    private static final VarHandle NEXT = VarHandles.field(MethodHandles.lookup(), BucketArray.class, "next", BucketArray.class);
    private static final VarHandle CLAIMED = VarHandles.field(MethodHandles.lookup(), BucketArray.class, "claimed", long.class);
    private static final VarHandle DONE = VarHandles.field(MethodHandles.lookup(), BucketArray.class, "done", long.class);
    private static final VarHandle REQUESTED = VarHandles.field(MethodHandles.lookup(), BucketArray.class, "requested", boolean.class);

    final MemorySegment words;
    final long buckets;
    final int blockBuckets;
    final long blocks;
    /** The generation this one migrates to; null while none. Set once. */
    volatile BucketArray next;
    /**
     * Whether the one resize out of this array has been claimed: by the thread that allocates and
     * attaches its target (the caller whose check asked for it, or a background migrator, which
     * allocates off the caller's thread); withdrawn if no target could be attached. Two checks
     * that cross a threshold together thus allocate one target, not two.
     */
    volatile boolean requested;
    /** Blocks handed to helpers so far (may pass {@link #blocks}). */
    volatile long claimed;
    /** Blocks fully migrated. */
    volatile long done;
    /**
     * How many more new entries this array admits while it is a resize's target: the slots left
     * once every entry the migration may still copy into it has one. Inserts go straight into the
     * target, and the migration can stall (a migrator descheduled mid-block on a 2-core machine),
     * so without a bound a burst of inserts fills it and the copies no longer fit. Unused once
     * {@link #bounded} is false. An object of its own: the inserts that take from it during a
     * resize should not invalidate the line of the fields every operation reads.
     */
    private final AtomicLong room = new AtomicLong();
    /** Whether {@link #room} applies: from the array's attachment as a target until its migration is done, and while a shrink out of it is attached. */
    private volatile boolean bounded;

    BucketArray(long buckets, int blockBuckets) {
        if (buckets < 1 || buckets > (1L << 31)) {
            throw new IllegalArgumentException("bucket count out of range: " + buckets);
        }
        this.buckets = buckets;
        this.words = OffHeapMemory.allocate(Arena.ofAuto(), buckets * BUCKET_BYTES, BUCKET_BYTES);
        this.blockBuckets = blockBuckets;
        this.blocks = (buckets + blockBuckets - 1) / blockBuckets;
    }

    long home(long hash) {
        return ((hash >>> 32) * buckets) >>> 32;
    }

    long nextBucket(long bucket) {
        long n = bucket + 1;
        return n == buckets ? 0 : n;
    }

    long bytes() {
        return words.byteSize();
    }

    boolean attachNext(BucketArray n) {
        return NEXT.compareAndSet(this, (BucketArray) null, n);
    }

    /**
     * Makes this array admit only {@code entries} new entries until {@link #open}: as a resize's
     * target, or while the target of a shrink out of it is being allocated.
     */
    void bound(long entries) {
        room.set(entries);
        bounded = true;
    }

    /** Sets the room of a bounded array (a shrink out of it, once the entries it will copy are counted). */
    void grant(long entries) {
        room.set(entries);
    }

    /** Whether a bounded array has room left (a refused insert may try again). */
    boolean hasRoom() {
        return room.get() > 0;
    }

    /** Takes what is left of the room (none is left for anyone after): a shrink hands it on to its target. */
    long takeRoom() {
        return Math.max(0, room.getAndSet(0));
    }

    /** Claims the one resize out of this array; false if it was claimed already. */
    boolean request() {
        return REQUESTED.compareAndSet(this, false, true);
    }

    /** Withdraws a request whose target could not be attached. */
    void withdrawRequest() {
        requested = false;
    }

    /** Whether a resize out of this array has begun: claimed, or its target attached. */
    boolean resizing() {
        return next != null || requested;
    }

    /** Whether a new entry may go into this array now (on a resize target: one unit of its room taken). */
    boolean admit() {
        return !bounded || room.getAndDecrement() > 0;
    }

    /** Lifts the bound: the migration into this array is done, nothing more will be copied into it. */
    void open() {
        bounded = false;
    }

    boolean admitsAll() {
        return !bounded;
    }

    /** Claims the next unclaimed block, or -1 when all are claimed. */
    long claimBlock() {
        if (claimed >= blocks) {
            return -1;
        }
        long b = (long) CLAIMED.getAndAdd(this, 1L);
        return b < blocks ? b : -1;
    }

    /** Records a finished block; true for the caller that finished the last one. */
    boolean finishBlock() {
        return (long) DONE.getAndAdd(this, 1L) + 1 == blocks;
    }

    boolean migrating() {
        return next != null;
    }
}
