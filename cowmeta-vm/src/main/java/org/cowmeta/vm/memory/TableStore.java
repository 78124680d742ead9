package org.cowmeta.vm.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Real 4 KiB storage for the frames that are page tables in {@link ContentMode#TAGGED} mode,
 * where data frames have no storage of their own. A sparse two-level directory maps a table
 * frame to a slot; slots live in off-heap slabs of 512 tables (2 MiB) created on demand and
 * recycled through a free list. Lookups are lock-free: a slot is assigned before the table is
 * published through a page-table entry (a release store), so a walker that read the entry with
 * acquire sees it. Assigning and recycling slots is serialised.
 */
final class TableStore {
    private static final int DIR_SHIFT = 14;
    private static final long DIR_MASK = (1L << DIR_SHIFT) - 1;
    static final int SLAB_SHIFT = 9;
    private static final int SLAB_MASK = (1 << SLAB_SHIFT) - 1;
    private static final long SLAB_BYTES = 4096L << SLAB_SHIFT;

    private final Arena arena;
    /** frame -> slot + 1 (0: not a table), in chunks of 2^14 frames. */
    private final int[][] directory;
    private MemorySegment[] slabs = new MemorySegment[16];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int nextSlot;
    private long liveTables;

    TableStore(Arena arena, long frames) {
        this.arena = arena;
        this.directory = new int[(int) ((frames + DIR_MASK) >>> DIR_SHIFT)][];
    }

    /** Gives {@code frame} zeroed table storage. */
    synchronized void assign(long frame) {
        int d = (int) (frame >>> DIR_SHIFT);
        int[] chunk = directory[d];
        if (chunk == null) {
            chunk = new int[1 << DIR_SHIFT];
            directory[d] = chunk;
        }
        int off = (int) (frame & DIR_MASK);
        if (chunk[off] != 0) {
            throw new IllegalStateException("frame " + frame + " already holds a page table");
        }
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = nextSlot++;
            int s = slot >>> SLAB_SHIFT;
            if (s >= slabs.length) {
                slabs = Arrays.copyOf(slabs, slabs.length * 2);
            }
            if (slabs[s] == null) {
                slabs[s] = arena.allocate(SLAB_BYTES, 4096);
            }
        }
        MemorySegment.copy(PhysicalMemory.ZERO_PAGE, 0, segment(slot), offset(slot), 4096);
        chunk[off] = slot + 1;
        liveTables++;
    }

    /** Takes the storage of {@code frame} back; its contents are gone. */
    synchronized void release(long frame) {
        int[] chunk = directory[(int) (frame >>> DIR_SHIFT)];
        int off = (int) (frame & DIR_MASK);
        if (chunk == null || chunk[off] == 0) {
            throw new IllegalStateException("frame " + frame + " holds no page table");
        }
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = chunk[off] - 1;
        chunk[off] = 0;
        liveTables--;
    }

    /** The slot of table {@code frame}, or -1 if it holds no table. */
    int slotOf(long frame) {
        int[] chunk = directory[(int) (frame >>> DIR_SHIFT)];
        return chunk == null ? -1 : chunk[(int) (frame & DIR_MASK)] - 1;
    }

    MemorySegment segment(int slot) {
        return slabs[slot >>> SLAB_SHIFT];
    }

    static long offset(int slot) {
        return (long) (slot & SLAB_MASK) << 12;
    }

    synchronized long liveTables() {
        return liveTables;
    }

    synchronized long bytes() {
        long slabBytes = 0;
        for (MemorySegment s : slabs) {
            if (s != null) {
                slabBytes += SLAB_BYTES;
            }
        }
        long dirBytes = 8L * directory.length;
        for (int[] c : directory) {
            if (c != null) {
                dirBytes += 4L << DIR_SHIFT;
            }
        }
        return slabBytes + dirBytes + 4L * freeSlots.length;
    }
}
