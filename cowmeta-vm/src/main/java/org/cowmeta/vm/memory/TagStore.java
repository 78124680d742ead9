package org.cowmeta.vm.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One 64-bit tag per frame, stored off-heap in chunks of 2^15 frames that are allocated on
 * first write: an untouched frame reads 0 and costs nothing, so 2^28 frames of which a sample
 * is written stay cheap. Reads are lock-free; chunk creation is serialised.
 */
final class TagStore {
    private static final int CHUNK_SHIFT = 15;
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;
    private static final long CHUNK_BYTES = 8L << CHUNK_SHIFT;
    private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(MemorySegment[].class);

    private final Arena arena;
    private final MemorySegment[] chunks;
    private int chunkCount;

    TagStore(Arena arena, long frames) {
        this.arena = arena;
        this.chunks = new MemorySegment[(int) ((frames + CHUNK_MASK) >>> CHUNK_SHIFT)];
    }

    long get(long frame) {
        MemorySegment c = (MemorySegment) CHUNKS.getAcquire(chunks, (int) (frame >>> CHUNK_SHIFT));
        return c == null ? 0 : c.getAtIndex(ValueLayout.JAVA_LONG, frame & CHUNK_MASK);
    }

    void set(long frame, long tag) {
        int i = (int) (frame >>> CHUNK_SHIFT);
        MemorySegment c = (MemorySegment) CHUNKS.getAcquire(chunks, i);
        if (c == null) {
            if (tag == 0) {
                return; // an absent chunk already reads 0
            }
            c = createChunk(i);
        }
        c.setAtIndex(ValueLayout.JAVA_LONG, frame & CHUNK_MASK, tag);
    }

    private synchronized MemorySegment createChunk(int i) {
        MemorySegment c = chunks[i];
        if (c == null) {
            c = arena.allocate(CHUNK_BYTES, 64);
            CHUNKS.setRelease(chunks, i, c);
            chunkCount++;
        }
        return c;
    }

    synchronized long bytes() {
        return chunkCount * CHUNK_BYTES + 8L * chunks.length;
    }
}
