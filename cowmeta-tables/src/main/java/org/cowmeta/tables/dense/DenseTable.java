package org.cowmeta.tables.dense;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.memory.OffHeapMemory;

/**
 * The struct-page baseline: one counter per physical frame, indexed by frame number, the way
 * Linux keeps {@code page->_refcount} in the {@code struct page} array (vmemmap).
 *
 * <p><b>Layout.</b> One off-heap array with one slot per frame of
 * {@link TableConfig#physicalFrames()}. By default ({@code stride=64}, the table {@code dense}) a
 * slot is a whole 64-byte {@code struct page} (include/linux/mm_types.h on x86-64), and the count
 * lies where {@code _refcount} does: an 8-byte word at offset 48 covering {@code _mapcount} and
 * {@code _refcount} (offset 52), 8 bytes so that counts stay exact beyond 2^32; a lookup touches
 * the one line of the frame's struct page the kernel touches. The array is mapped in huge pages,
 * as the kernel's vmemmap is (vmemmap_populate_hugepages, arch/x86/mm/init_64.c), so a lookup
 * pays a cache miss and no TLB miss. With {@code stride=8} (the table {@code dense-packed}) the
 * slots are 8 bytes, 8 to a line: a lower bound that fits in the last-level cache where struct
 * page never would. A slot holds {@code count - 1} (0 = count 1 = no entry, so the zeroed array is
 * the empty table). Modeled bytes are 64 per physical frame either way (a whole {@code struct
 * page}, whatever the number of counted frames); JVM bytes are the segment's size plus the
 * entry-count stripes. A frame at or beyond {@code physicalFrames} has no slot: like a frame
 * outside [0, 2^40) it is an {@link IllegalArgumentException}.
 *
 * <p><b>Concurrency.</b> Lock-free and linearizable: {@code increment} is one atomic
 * {@code getAndAdd}; {@code decrement} is a CAS loop that never takes a slot below 0 (decrementing
 * an absent frame returns 0 and stores nothing); {@code get} is one volatile read. Each
 * operation's linearization point is its single successful atomic on the slot. The number of
 * counted frames is kept by the 1->2 and 2->1 transitions in striped padded counters (a stripe
 * per frame hash, so unrelated frames do not contend on one line); it is exact when quiescent.
 *
 * <p><b>Resize.</b> None: the array covers all of physical memory from the start.
 *
 * <p>Batch calls check every frame first (a bad batch changes nothing), then apply one atomic per
 * frame and publish the batch's net change of entries once instead of once per transition.
 */
public final class DenseTable implements RefCountTable {
    /** Modeled address of the vmemmap (x86-64, 4-level paging), where struct page number 0 lives. */
    static final long VMEMMAP_BASE = 0xffff_ea00_0000_0000L;
    /** Offset of {@code _refcount} inside the 64-byte struct page (x86-64). */
    static final int REFCOUNT_OFFSET = 52;
    /** The 8-byte count word of a struct page slot: offsets 48..55, {@code _mapcount} and {@code _refcount}. */
    static final int COUNT_WORD_OFFSET = 48;

    private static final VarHandle SLOT = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(long[].class);
    /** Stripes of the entry counter, each on its own 64-byte line (8 longs apart). */
    private static final int STRIPES = 16;
    private static final int STRIPE_SPACING = 8;

    private final Arena arena;
    private final MemorySegment slots;
    private final long physicalFrames;
    /** log2 of the slot size: 6 (struct page) or 3 (packed). */
    private final int strideShift;
    /** Where the count word lies in a slot. */
    private final long countOffset;
    private final long[] entryStripes = new long[STRIPES * STRIPE_SPACING];

    /** The most frames a dense table covers: 2^36 frames (256 TiB of memory) is already 4 TiB of struct pages (reserved, touched only where counted). */
    public static final long MAX_FRAMES = 1L << 36;

    public DenseTable(TableConfig config) {
        if (config.physicalFrames() > MAX_FRAMES) {
            throw new IllegalArgumentException("a dense table covers at most 2^36 frames (256 TiB of memory), not "
                    + config.physicalFrames());
        }
        long stride = config.longOption("stride", Frames.STRUCT_PAGE_BYTES);
        if (stride != Frames.STRUCT_PAGE_BYTES && stride != 8) {
            throw new IllegalArgumentException("stride must be 64 (struct page) or 8 (packed), not " + stride);
        }
        this.physicalFrames = config.physicalFrames();
        this.strideShift = Long.numberOfTrailingZeros(stride);
        this.countOffset = stride == 8 ? 0 : COUNT_WORD_OFFSET;
        this.arena = Arena.ofShared();
        // Zeroed memory (in huge pages where the OS offers them, as the kernel's memmap has):
        // every frame starts with count 1 (no entry).
        this.slots = OffHeapMemory.allocate(arena, physicalFrames << strideShift, Frames.STRUCT_PAGE_BYTES);
    }

    /** The byte offset of frame's count word (the frame already checked). */
    private long slot(long frame) {
        return (frame << strideShift) + countOffset;
    }

    private long offset(long frame) {
        if ((frame >>> Frames.FRAME_BITS) != 0 || frame >= physicalFrames) {
            throw new IllegalArgumentException("frame " + frame + " is outside [0, " + physicalFrames
                    + "), the physical memory this dense table covers (and frames must be in [0, 2^40))");
        }
        return slot(frame);
    }

    private void checkAll(long[] frames, int from, int to) {
        Objects.checkFromToIndex(from, to, frames.length);
        for (int i = from; i < to; i++) {
            offset(frames[i]);
        }
    }

    private static int stripe(long frame) {
        // Fibonacci hashing spreads neighbouring frames over the stripes.
        return (int) ((frame * 0x9E37_79B9_7F4A_7C15L) >>> 60) * STRIPE_SPACING;
    }

    private void addEntries(long frame, long delta) {
        STRIPE.getAndAdd(entryStripes, stripe(frame), delta);
    }

    @Override
    public long get(long frame) {
        return (long) SLOT.getVolatile(slots, offset(frame)) + 1;
    }

    @Override
    public long increment(long frame) {
        long old = (long) SLOT.getAndAdd(slots, offset(frame), 1L);
        if (old == 0) {
            addEntries(frame, 1);
        }
        return old + 2;
    }

    @Override
    public long decrement(long frame) {
        long off = offset(frame);
        long old = decrementSlot(off);
        if (old == 1) {
            addEntries(frame, -1);
        }
        return old; // the new count: old - 1 stored plus the implicit 1, or 0 for an absent frame
    }

    /** Takes one off the slot unless it is 0; returns the slot's previous value. */
    private long decrementSlot(long off) {
        long v = (long) SLOT.getVolatile(slots, off);
        while (v != 0) {
            long witness = (long) SLOT.compareAndExchange(slots, off, v, v - 1);
            if (witness == v) {
                return v;
            }
            v = witness;
        }
        return 0;
    }

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        checkAll(frames, from, to);
        long inserted = 0;
        for (int i = from; i < to; i++) {
            if ((long) SLOT.getAndAdd(slots, slot(frames[i]), 1L) == 0) {
                inserted++;
            }
        }
        if (inserted != 0) {
            addEntries(frames[from], inserted);
        }
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        checkAll(frames, from, to);
        long removed = 0;
        for (int i = from; i < to; i++) {
            long old = decrementSlot(slot(frames[i]));
            if (old == 1) {
                removed++;
            } else if (old == 0) {
                released.accept(frames[i]);
            }
        }
        if (removed != 0) {
            addEntries(frames[from], -removed);
        }
    }

    @Override
    public void seed(long frame, long count) {
        long off = offset(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        long old = (long) SLOT.getAndSet(slots, off, count - 1);
        if (old == 0 && count > 1) {
            addEntries(frame, 1);
        } else if (old != 0 && count == 1) {
            addEntries(frame, -1);
        }
    }

    @Override
    public long entries() {
        long sum = 0;
        for (int i = 0; i < STRIPES; i++) {
            sum += (long) STRIPE.getVolatile(entryStripes, i * STRIPE_SPACING);
        }
        return sum;
    }

    @Override
    public Footprint footprint() {
        return Footprint.builder()
                .modeled("struct pages", physicalFrames * Frames.STRUCT_PAGE_BYTES)
                .jvm("counters", slots.byteSize())
                .jvm("entry stripes", 16L + 8L * entryStripes.length)
                .build();
    }

    @Override
    public TableStats stats() {
        // A hit reads exactly one slot; nothing ever resizes.
        return new TableStats(entries(), physicalFrames, 0, false, 1.0, 1, Map.of());
    }

    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        offset(frame);
        // The struct page's address is computed from the frame number: one dependent load
        // (packed: the 8-byte slot, eight frames to a line).
        trace.load(strideShift == 3 ? VMEMMAP_BASE + (frame << 3) : VMEMMAP_BASE + frame * Frames.STRUCT_PAGE_BYTES + REFCOUNT_OFFSET,
                strideShift == 3 ? 8 : 4);
        // The JVM model's entry-count stripes have no kernel counterpart and are not traced.
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "dense(" + physicalFrames + " frames, " + (1 << strideShift) + "-byte slots)";
    }
}
