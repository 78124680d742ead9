package org.cowmeta.vm.memory;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;
import static org.cowmeta.tables.Frames.PAGE_SIZE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Real 4 KiB storage for the frames that are page tables in {@link ContentMode#TAGGED} mode,
 * where data frames have no storage of their own. A sparse directory of chunks, one per 2^14
 * frames (the span of an LLFree tree, so threads allocating from different trees use different
 * chunks), maps a table frame to a slot; slots live in off-heap slabs of 512 tables (2 MiB).
 * A chunk takes a whole slab at a time from the shared slab list and recycles freed slots
 * itself, under its own lock; only taking a new slab is serialised globally.
 *
 * <p>Lookups are lock-free: a slot is assigned before the table is published through a
 * page-table entry (a release store), so a walker that read the entry with acquire sees it.
 */
final class TableStore {
    private static final int DIR_SHIFT = 14;
    private static final long DIR_MASK = (1L << DIR_SHIFT) - 1;
    static final int SLAB_SHIFT = 9;
    private static final int SLAB_SLOTS = 1 << SLAB_SHIFT;
    private static final int SLAB_MASK = SLAB_SLOTS - 1;
    private static final long SLAB_BYTES = (long) PAGE_SIZE << SLAB_SHIFT;
    private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(Chunk[].class);

    /** One 2^14-frame part of the directory: frame -> slot + 1 (0: not a table), and its slots. */
    private static final class Chunk {
        final int[] slotOf = new int[1 << DIR_SHIFT];
        int[] free = new int[16];
        int freeCount;
        int next;
        int end;
        int live;
    }

    private final Arena arena;
    private final Chunk[] chunks;
    private volatile MemorySegment[] slabs = new MemorySegment[16];
    private int slabCount;

    TableStore(Arena arena, long frames) {
        this.arena = arena;
        this.chunks = new Chunk[(int) ((frames + DIR_MASK) >>> DIR_SHIFT)];
    }

    /** Gives {@code frame} zeroed table storage. */
    void assign(long frame) {
        Chunk c = chunkForWrite((int) (frame >>> DIR_SHIFT));
        int off = (int) (frame & DIR_MASK);
        int slot;
        synchronized (c) {
            if (c.slotOf[off] != 0) {
                throw new IllegalStateException("frame " + frame + " already holds a page table");
            }
            if (c.freeCount > 0) {
                slot = c.free[--c.freeCount];
            } else {
                if (c.next == c.end) {
                    c.next = newSlab() << SLAB_SHIFT;
                    c.end = c.next + SLAB_SLOTS;
                }
                slot = c.next++;
            }
            MemorySegment.copy(PhysicalMemory.ZERO_PAGE, 0, segment(slot), offset(slot), 4096);
            c.slotOf[off] = slot + 1;
            c.live++;
        }
    }

    /** Takes the storage of {@code frame} back; its contents are gone. */
    void release(long frame) {
        Chunk c = chunks[(int) (frame >>> DIR_SHIFT)];
        int off = (int) (frame & DIR_MASK);
        if (c == null) {
            throw new IllegalStateException("frame " + frame + " holds no page table");
        }
        synchronized (c) {
            int slot = c.slotOf[off] - 1;
            if (slot < 0) {
                throw new IllegalStateException("frame " + frame + " holds no page table");
            }
            if (c.freeCount == c.free.length) {
                c.free = Arrays.copyOf(c.free, c.free.length * 2);
            }
            c.free[c.freeCount++] = slot;
            c.slotOf[off] = 0;
            c.live--;
        }
    }

    private Chunk chunkForWrite(int i) {
        Chunk c = (Chunk) CHUNKS.getAcquire(chunks, i);
        if (c == null) {
            Chunk fresh = new Chunk();
            c = (Chunk) CHUNKS.compareAndExchangeRelease(chunks, i, null, fresh);
            if (c == null) {
                c = fresh;
            }
        }
        return c;
    }

    /** A new 2 MiB slab of 512 zeroed table slots; returns its index. */
    private synchronized int newSlab() {
        MemorySegment[] s = slabs;
        if (slabCount == s.length) {
            s = Arrays.copyOf(s, s.length * 2);
        }
        s[slabCount] = arena.allocate(SLAB_BYTES, 4096);
        slabs = s; // volatile: a chunk that takes this slab sees it
        return slabCount++;
    }

    /** The slot of table {@code frame}, or -1 if it holds no table. */
    int slotOf(long frame) {
        Chunk c = chunks[(int) (frame >>> DIR_SHIFT)];
        return c == null ? -1 : c.slotOf[(int) (frame & DIR_MASK)] - 1;
    }

    MemorySegment segment(int slot) {
        return slabs[slot >>> SLAB_SHIFT];
    }

    static long offset(int slot) {
        return (long) (slot & SLAB_MASK) << PAGE_SHIFT;
    }

    /** Frames holding table storage now (exact when quiescent). */
    long liveTables() {
        long live = 0;
        for (Chunk c : chunks) {
            if (c != null) {
                synchronized (c) {
                    live += c.live;
                }
            }
        }
        return live;
    }

    long bytes() {
        long b = 8L * chunks.length;
        for (Chunk c : chunks) {
            if (c != null) {
                synchronized (c) {
                    b += 4L * (c.slotOf.length + c.free.length) + 32;
                }
            }
        }
        synchronized (this) {
            return b + slabCount * SLAB_BYTES + 8L * slabs.length;
        }
    }
}
