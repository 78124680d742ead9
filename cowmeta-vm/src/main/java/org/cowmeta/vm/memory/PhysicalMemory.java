package org.cowmeta.vm.memory;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;
import static org.cowmeta.tables.Frames.PAGE_SIZE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The simulated physical memory: {@code frames} frames of 4 KiB, off-heap. Data frames hold
 * either real 4 KiB contents ({@link ContentMode#FULL}, one contiguous segment) or one 64-bit
 * tag ({@link ContentMode#TAGGED}, sparse chunks). Page tables are frames whose 512 eight-byte
 * entries live in simulated memory in both modes: in full mode in the frame itself, in tagged
 * mode in storage given to the frame when it becomes a table ({@link #newTable}) and taken back
 * when it stops being one ({@link #releaseTable}).
 *
 * <p>Entries are read with acquire and written with release semantics (a walker that sees an
 * entry sees the table it points at), and can be compare-and-set. Who may change which entry
 * is the page-table locking protocol's business, not this class's. Data words are plain
 * accesses: the simulator reads and writes them under the leaf table's lock.
 *
 * <p>This class does not allocate frames; a {@link FrameAllocator} does.
 */
public final class PhysicalMemory implements AutoCloseable {
    /** Entries per page table. */
    public static final int ENTRIES = 512;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** 4 KiB of zeros to copy from: zeroing by copy needs no slice object. */
    static final MemorySegment ZERO_PAGE = Arena.global().allocate(PAGE_SIZE, PAGE_SIZE);

    private final ContentMode mode;
    private final boolean full;
    private final long frames;
    private final Arena arena;
    private final MemorySegment data;
    private final TagStore tags;
    private final TableStore tables;

    public PhysicalMemory(long frames, ContentMode mode) {
        if (frames <= 0 || frames > (1L << 40)) {
            throw new IllegalArgumentException("physical memory must be 1 to 2^40 frames, not " + frames);
        }
        this.mode = mode;
        this.full = mode == ContentMode.FULL;
        this.frames = frames;
        this.arena = Arena.ofShared();
        if (full) {
            this.data = arena.allocate(frames * PAGE_SIZE, PAGE_SIZE);
            this.tags = null;
            this.tables = null;
        } else {
            if (frames > (1L << 36)) {
                throw new IllegalArgumentException("tagged memory is limited to 2^36 frames, not " + frames);
            }
            this.data = null;
            this.tags = new TagStore(arena, frames);
            this.tables = new TableStore(arena, frames);
        }
    }

    public ContentMode mode() {
        return mode;
    }

    public long frames() {
        return frames;
    }

    // ---- page tables -------------------------------------------------------------------

    /** Makes {@code frame} an empty page table (512 absent entries). */
    public void newTable(long frame) {
        checkFrame(frame);
        if (full) {
            MemorySegment.copy(ZERO_PAGE, 0, data, frame << PAGE_SHIFT, PAGE_SIZE);
        } else {
            tables.assign(frame);
        }
    }

    /** {@code frame} stops being a page table (it is about to be freed). */
    public void releaseTable(long frame) {
        if (!full) {
            tables.release(frame);
        }
    }

    /** Entry {@code index} of table {@code table}, read with acquire semantics. */
    public long entry(long table, int index) {
        if (full) {
            return (long) LONG.getAcquire(data, (table << PAGE_SHIFT) + ((long) index << 3));
        }
        int slot = slotOf(table);
        return (long) LONG.getAcquire(tables.segment(slot), TableStore.offset(slot) + ((long) index << 3));
    }

    /** Writes entry {@code index} of {@code table} with release semantics. */
    public void setEntry(long table, int index, long value) {
        if (full) {
            LONG.setRelease(data, (table << PAGE_SHIFT) + ((long) index << 3), value);
            return;
        }
        int slot = slotOf(table);
        LONG.setRelease(tables.segment(slot), TableStore.offset(slot) + ((long) index << 3), value);
    }

    /** Atomically replaces entry {@code index} of {@code table} if it still is {@code expected}. */
    public boolean casEntry(long table, int index, long expected, long value) {
        if (full) {
            return LONG.compareAndSet(data, (table << PAGE_SHIFT) + ((long) index << 3), expected, value);
        }
        int slot = slotOf(table);
        return LONG.compareAndSet(tables.segment(slot), TableStore.offset(slot) + ((long) index << 3), expected, value);
    }

    /**
     * Copies all 512 entries of {@code table} into {@code into} in one block move (a scan of a
     * whole table: fork, COW break, release), then orders later loads after it (acquire fence).
     * Each entry is read whole; entries being changed meanwhile are read old or new.
     */
    public void readTable(long table, long[] into) {
        if (full) {
            MemorySegment.copy(data, ValueLayout.JAVA_LONG, table << PAGE_SHIFT, into, 0, ENTRIES);
        } else {
            int slot = slotOf(table);
            MemorySegment.copy(tables.segment(slot), ValueLayout.JAVA_LONG, TableStore.offset(slot), into, 0, ENTRIES);
        }
        VarHandle.acquireFence();
    }

    /**
     * Writes all 512 entries of a table nobody else can reach yet (a fresh copy, published later
     * by a release store of the entry that points at it).
     */
    public void writeTable(long table, long[] from) {
        if (full) {
            MemorySegment.copy(from, 0, data, ValueLayout.JAVA_LONG, table << PAGE_SHIFT, ENTRIES);
        } else {
            int slot = slotOf(table);
            MemorySegment.copy(from, 0, tables.segment(slot), ValueLayout.JAVA_LONG, TableStore.offset(slot), ENTRIES);
        }
    }

    private int slotOf(long table) {
        int slot = tables.slotOf(table);
        if (slot < 0) {
            throw new IllegalStateException("frame " + table + " is not a page table");
        }
        return slot;
    }

    /** Whether {@code frame} has table storage (tagged mode only; full mode cannot tell and says true). */
    public boolean hasTableStorage(long frame) {
        return full || tables.slotOf(frame) >= 0;
    }

    /** Page tables holding storage now (tagged mode; -1 in full mode where tables need none of their own). */
    public long tableStorageInUse() {
        return full ? -1 : tables.liveTables();
    }

    // ---- data frames -------------------------------------------------------------------

    /**
     * The 64-bit word at byte {@code offset} (a multiple of 8 below 4096) of data frame
     * {@code frame}; in tagged mode the frame's tag, whatever the offset.
     */
    public long readWord(long frame, int offset) {
        if (full) {
            return data.get(ValueLayout.JAVA_LONG, (frame << PAGE_SHIFT) + offset);
        }
        return tags.get(frame);
    }

    /** Writes the word at {@code offset} of {@code frame}; in tagged mode sets the frame's tag. */
    public void writeWord(long frame, int offset, long value) {
        if (full) {
            data.set(ValueLayout.JAVA_LONG, (frame << PAGE_SHIFT) + offset, value);
        } else {
            tags.set(frame, value);
        }
    }

    /** Copies the contents of data frame {@code from} to {@code to}: 4 KiB in full mode, the tag in tagged mode. */
    public void copyPage(long from, long to) {
        if (full) {
            MemorySegment.copy(data, from << PAGE_SHIFT, data, to << PAGE_SHIFT, PAGE_SIZE);
        } else {
            tags.set(to, tags.get(from));
        }
    }

    /** Fills data frame {@code frame} with zeros (demand-zero). */
    public void zeroPage(long frame) {
        if (full) {
            MemorySegment.copy(ZERO_PAGE, 0, data, frame << PAGE_SHIFT, PAGE_SIZE);
        } else {
            tags.set(frame, 0);
        }
    }

    /** The whole 4 KiB of a frame in full mode (read-only view), for tests and captures. */
    public MemorySegment frameContents(long frame) {
        if (!full) {
            throw new IllegalStateException("tagged memory has no 4 KiB contents");
        }
        checkFrame(frame);
        return data.asSlice(frame << PAGE_SHIFT, PAGE_SIZE).asReadOnly();
    }

    /** Off-heap bytes this simulated memory occupies now. */
    public long jvmBytes() {
        return full ? frames * PAGE_SIZE : tags.bytes() + tables.bytes();
    }

    private void checkFrame(long frame) {
        if (frame < 0 || frame >= frames) {
            throw new IllegalArgumentException("frame " + frame + " is outside [0, " + frames + ")");
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
