package org.cowmeta.vm.memory.llfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.cowmeta.vm.memory.FrameAllocator;

/**
 * A lock-free frame allocator after LLFree (Wrenger et al., USENIX ATC 2023), modelled on the
 * artifact {@code luhsra/llfree-rs} tag {@code atc23-artifact-eval}, {@code Array<4, Cache<32>>}.
 *
 * <p>Layout: {@link LowerAllocator} keeps a bit per frame (8 atomic longs per 512-frame area) and a
 * 16-bit child counter per area; {@link TreeArray} keeps a 16-bit entry (15-bit free counter,
 * reserved flag) per tree of 32 areas (16384 frames); each per-CPU slot holds a
 * {@link ReservedTree} word (free frames taken from its tree, lock bit, search start) and a
 * last-frees word, padded to its own 64-byte line.
 *
 * <p>Protocol (CAS only; as in LLFree, a per-CPU lock bit guards nothing but a CPU's switch to a
 * new tree): an allocation takes 2^order from its CPU's reserved-tree counter, then from a child,
 * then sets bits. When the CPU's counter is short it first pulls frames other CPUs freed into its
 * tree's global entry (sync, when together they exceed 1024); otherwise it sets its lock bit,
 * reserves another tree (partial trees near the last one first, see {@link TreeArray}), allocates
 * there, and swaps the new tree in, adding the old tree's remainder back to its global entry.
 * Other threads of a locked slot wait (spin, then yield) and retry. A free clears bits, gives the
 * frames to the child, then to the CPU's counter if the frame lies in its reserved tree, else to
 * the tree's global entry; four consecutive frees into one unreserved tree with more than 1024
 * free frames make the CPU reserve that tree (put-reserve). If every tree is short, all CPUs are
 * drained and any tree with enough frames is stolen.
 *
 * <p>Deviations: orders 7, 8 and 10 are refused, and so is freeing part of a huge frame with a
 * smaller order (the artifact splits the huge frame); a thread that waited for another's
 * reservation retries instead of allocating without taking a count (which would break exact
 * counting); more than {@code CAS_RETRIES} failed rounds fall back to drain-and-steal instead of
 * failing; the vicinity search also tries the start entry itself (the artifact begins at offset
 * 1); wrong orders are detected with an extra "interior" bit field (see {@link LowerAllocator});
 * {@link #claim} does not exist in LLFree; no persistent (NVM) mode or crash recovery.
 *
 * <p>Guarantees: claim, free and isAllocated are linearizable (Lincheck-tested). freeFrames() is
 * exact when quiescent. As in LLFree, allocate may report OUT_OF_MEMORY while frames are in flight
 * in other threads; single-threaded it fails only if no free aligned block of the order exists.
 */
public final class LLFreeAllocator implements FrameAllocator {

    /** Largest frame count: 2^37 frames (512 TiB) would overflow one Java array of bit words. */
    public static final long MAX_FRAMES = 1L << 36;

    /** Consecutive frees into one tree that trigger put-reserve (the F of {@code Array<F, _>}). */
    private static final int PUT_RESERVE_FREES = 4;
    private static final int CAS_RETRIES = LowerAllocator.CAS_RETRIES;
    /** How long a thread spins for another thread's reservation of its slot. */
    private static final int RESERVATION_SPINS = 1 << 12;
    private static final long STUCK_RESERVATION_NANOS = 30_000_000_000L;
    /** longs per slot: one cache line, so slots never share one. */
    private static final int SLOT_STRIDE = 8;

    private static final long RETRY = -2;
    private static final long NO_MEMORY = OUT_OF_MEMORY;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long frames;
    private final int slots;
    private final LowerAllocator lower;
    private final TreeArray trees;
    /** Per slot s: [(s+1)*8] reserved tree, [(s+1)*8 + 1] last frees (tree << 16 | count). */
    private final long[] local;

    /**
     * @param totalFrames frames to manage, 1 .. {@link #MAX_FRAMES}
     * @param cores per-CPU reservation slots; fewer are used if memory has less than one tree per
     *        slot, as LLFree does
     */
    public LLFreeAllocator(long totalFrames, int cores) {
        if (totalFrames < 1 || totalFrames > MAX_FRAMES) {
            throw new IllegalArgumentException("totalFrames must be in 1.." + MAX_FRAMES + ": " + totalFrames);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1: " + cores);
        }
        this.frames = totalFrames;
        this.lower = new LowerAllocator(totalFrames);
        this.trees = new TreeArray(totalFrames, lower);
        if (totalFrames < (long) LowerAllocator.TREE_FRAMES * cores) {
            cores = (int) Math.max(1, totalFrames / LowerAllocator.TREE_FRAMES);
        }
        this.slots = cores;
        this.local = new long[(slots + 2) * SLOT_STRIDE];
        for (int s = 0; s < slots; s++) {
            local[reservedIndex(s)] = ReservedTree.NONE;
            local[reservedIndex(s) + 1] = -1L;
        }
        VarHandle.releaseFence();
    }

    private static int reservedIndex(int slot) {
        return (slot + 1) * SLOT_STRIDE;
    }

    /** Per-CPU slots in use. */
    public int slots() {
        return slots;
    }

    /** The calling thread's slot: a stable function of its id. */
    public int currentSlot() {
        return (int) Long.remainderUnsigned(Thread.currentThread().threadId(), slots);
    }

    @Override
    public long allocate(int order) {
        return allocateOn(currentSlot(), order);
    }

    @Override
    public void free(long frame, int order) {
        freeOn(currentSlot(), frame, order);
    }

    // ---------------------------------------------------------------- allocation

    /** Allocates 2^order frames using slot {@code slot}'s reservation (modulo the slot count). */
    public long allocateOn(int slot, int order) {
        checkOrder(order);
        int s = Math.floorMod(slot, slots);
        for (int attempt = 0; attempt < CAS_RETRIES; attempt++) {
            long r = allocateInner(s, order);
            if (r >= 0) {
                return r;
            }
            if (r == NO_MEMORY) {
                break;
            }
        }
        return drainAndSteal(s, order);
    }

    private long allocateInner(int slot, int order) {
        int n = 1 << order;
        int idx = reservedIndex(slot);
        long old = (long) LONGS.getVolatile(local, idx);
        while (true) {
            if (!ReservedTree.hasStart(old) || ReservedTree.free(old) < n) {
                if (syncWithGlobal(idx, old)) {
                    return RETRY;
                }
                return reserveOrWait(slot, order, old, false);
            }
            long taken = ReservedTree.withFree(old, ReservedTree.free(old) - n);
            long witness = (long) LONGS.compareAndExchange(local, idx, old, taken);
            if (witness == old) {
                old = taken;
                break;
            }
            old = witness;
        }
        long start = ReservedTree.start(old);
        long frame = allocLower(start, order);
        if (frame >= 0) {
            long moved = ReservedTree.withStart(old, frame);
            if (order < LowerAllocator.MAX_WORD_ORDER && moved != old) {
                // Remember where the search succeeded; losing this race costs only a longer search.
                LONGS.compareAndSet(local, idx, old, moved);
            }
            return frame;
        }
        // Fragmented: the counter said yes, the bits said no. Park the count globally (a concurrent
        // unreserve would otherwise lose it) and reserve a less fragmented tree.
        trees.add((int) (start >>> LowerAllocator.TREE_ORDER), n);
        return reserveOrWait(slot, order, old, true);
    }

    private long allocLower(long start, int order) {
        return order == LowerAllocator.HUGE_ORDER ? lower.allocHuge(start) : lower.allocSmall(start, order);
    }

    /** Pulls frames others freed into our reserved tree's global entry, if that is worth it. */
    private boolean syncWithGlobal(int idx, long old) {
        long tree = ReservedTree.tree(old);
        if (tree < 0 || tree >= trees.length()) {
            return false;
        }
        int t = (int) tree;
        if (ReservedTree.free(old) + trees.free(t) <= TreeArray.ALMOST_ALLOCATED) {
            return false;
        }
        int pulled = trees.drainReserved(t);
        if (pulled < 0) {
            return false;
        }
        long v = (long) LONGS.getVolatile(local, idx);
        while (ReservedTree.tree(v) == tree) {
            long witness = (long) LONGS.compareAndExchange(local, idx, v,
                    ReservedTree.withFree(v, ReservedTree.free(v) + pulled));
            if (witness == v) {
                return true;
            }
            v = witness;
        }
        trees.add(t, pulled); // the slot moved on meanwhile: undo
        return false;
    }

    private long reserveOrWait(int slot, int order, long old, boolean fragmented) {
        int idx = reservedIndex(slot);
        if (!ReservedTree.locked(old) && tryLock(idx)) {
            return reserveAndGet(slot, order, old, fragmented);
        }
        // The reservation is bounded work that waits for nothing, so waiting for it terminates. On
        // an oversubscribed machine the reserver may be descheduled: spin a little, then yield.
        long deadline = 0;
        for (int i = 0; ReservedTree.locked((long) LONGS.getVolatile(local, idx)); i++) {
            if (i < RESERVATION_SPINS) {
                Thread.onSpinWait();
                continue;
            }
            Thread.yield();
            if ((i & 1023) == 0) {
                // Only a reserver that died of an exception (a corrupted allocator) holds it this long.
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + STUCK_RESERVATION_NANOS;
                } else if (now - deadline > 0) {
                    throw new IllegalStateException("slot " + slot + " has been reserving for over 30 s");
                }
            }
        }
        return RETRY;
    }

    private boolean tryLock(int idx) {
        long v = (long) LONGS.getVolatile(local, idx);
        while (!ReservedTree.locked(v)) {
            long witness = (long) LONGS.compareAndExchange(local, idx, v, ReservedTree.withLocked(v, true));
            if (witness == v) {
                return true;
            }
            v = witness;
        }
        return false;
    }

    private long reserveAndGet(int slot, int order, long old, boolean fragmented) {
        int idx = reservedIndex(slot);
        long startTree = ReservedTree.hasStart(old)
                ? ReservedTree.tree(old)
                : (long) trees.length() / slots * slot; // a different first tree for every CPU
        long packed = trees.reserve(order, slots, startTree, fragmented);
        if (packed == TreeArray.NOT_FOUND) {
            long v = (long) LONGS.getVolatile(local, idx);
            while (true) {
                long witness = (long) LONGS.compareAndExchange(local, idx, v, ReservedTree.withLocked(v, false));
                if (witness == v) {
                    return NO_MEMORY;
                }
                v = witness;
            }
        }
        long frame = TreeArray.packedFrame(packed);
        long fresh = ReservedTree.of(TreeArray.packedFree(packed), frame);
        if (!swapReserved(idx, fresh, true)) {
            throw new IllegalStateException("slot " + slot + " lost its reservation lock");
        }
        return frame;
    }

    /**
     * Installs {@code fresh} as the slot's reserved tree if the slot's lock bit equals
     * {@code expectLocked}, and unreserves the tree it held (LLFree's cas_reserved).
     */
    private boolean swapReserved(int idx, long fresh, boolean expectLocked) {
        long v = (long) LONGS.getVolatile(local, idx);
        while (true) {
            if (ReservedTree.locked(v) != expectLocked) {
                return false;
            }
            long witness = (long) LONGS.compareAndExchange(local, idx, v, fresh);
            if (witness == v) {
                break;
            }
            v = witness;
        }
        long tree = ReservedTree.tree(v);
        if (tree >= 0) {
            trees.unreserve((int) tree, ReservedTree.free(v));
        }
        return true;
    }

    /** Gives back slot's reserved tree (no-op while it is reserving). */
    public void drain(int slot) {
        swapReserved(reservedIndex(Math.floorMod(slot, slots)), ReservedTree.NONE, false);
    }

    /** Last resort: drain every CPU and take any tree with enough frames. */
    private long drainAndSteal(int slot, int order) {
        for (int s = 0; s < slots; s++) {
            drain(s);
        }
        long startTree = (long) trees.length() / slots * slot;
        long packed = trees.reserveAny(startTree, order);
        if (packed == TreeArray.NOT_FOUND) {
            return OUT_OF_MEMORY;
        }
        long frame = TreeArray.packedFrame(packed);
        long fresh = ReservedTree.of(TreeArray.packedFree(packed), frame);
        if (!swapReserved(reservedIndex(slot), fresh, false)) {
            // Another thread of this slot is reserving: hand the stolen tree straight back.
            trees.unreserve((int) (frame >>> LowerAllocator.TREE_ORDER), TreeArray.packedFree(packed));
        }
        return frame;
    }

    // ---------------------------------------------------------------- free

    /** Frees a block on behalf of slot {@code slot} (modulo the slot count). */
    public void freeOn(int slot, long frame, int order) {
        checkOrder(order);
        checkBlock(frame, order);
        lower.free(frame, order);

        int n = 1 << order;
        int s = Math.floorMod(slot, slots);
        int idx = reservedIndex(s);
        long tree = frame >>> LowerAllocator.TREE_ORDER;
        long v = (long) LONGS.getVolatile(local, idx);
        while (ReservedTree.tree(v) == tree) {
            int free = ReservedTree.free(v) + n;
            if (free > trees.capacity(tree)) {
                throw new IllegalStateException("slot " + s + " counter corrupted: " + ReservedTree.toString(v) + " + " + n);
            }
            long witness = (long) LONGS.compareAndExchange(local, idx, v, ReservedTree.withFree(v, free));
            if (witness == v) {
                pushFree(idx, tree);
                return;
            }
            v = witness;
        }
        int t = (int) tree;
        int before = trees.add(t, n);
        boolean wasReserved = (before & 0x8000) != 0;
        if (!wasReserved && (before & 0x7FFF) + n > TreeArray.ALMOST_ALLOCATED
                && freesInTree(idx, tree) && reserveForPut(idx, t)) {
            return;
        }
        pushFree(idx, tree);
    }

    /** Put-reserve: a CPU that keeps freeing into one tree takes it as its reservation. */
    private boolean reserveForPut(int idx, int tree) {
        int free = trees.tryReserve(tree, TreeArray.ALMOST_ALLOCATED, Integer.MAX_VALUE);
        if (free < 0) {
            return false;
        }
        long fresh = ReservedTree.of(free, (long) tree << LowerAllocator.TREE_ORDER);
        if (swapReserved(idx, fresh, false)) {
            return true;
        }
        trees.unreserve(tree, free);
        return false;
    }

    private void pushFree(int idx, long tree) {
        // A heuristic, not shared state: a plain CAS attempt that may fail is enough, as in LLFree.
        long v = (long) LONGS.getOpaque(local, idx + 1);
        long next;
        if ((v >>> 16) == tree && v != -1L) {
            long count = v & 0xFFFF;
            if (count >= PUT_RESERVE_FREES) {
                return;
            }
            next = v + 1;
        } else {
            next = (tree << 16) | 1;
        }
        LONGS.weakCompareAndSetPlain(local, idx + 1, v, next);
    }

    private boolean freesInTree(int idx, long tree) {
        long v = (long) LONGS.getOpaque(local, idx + 1);
        return v != -1L && (v >>> 16) == tree && (v & 0xFFFF) >= PUT_RESERVE_FREES;
    }

    // ---------------------------------------------------------------- claim and queries

    /**
     * Takes exactly {@code frame}. Like an allocation it counts first (a count of the frame's tree,
     * wherever it lives: this thread's slot, the global entry, another slot), then takes the child
     * and the bit, so counters never exceed free bits and a concurrent free of the same frame
     * never overflows a counter. Returns false only after seeing the frame allocated.
     */
    @Override
    public boolean claim(long frame) {
        checkBlock(frame, 0);
        long tree = frame >>> LowerAllocator.TREE_ORDER;
        int own = currentSlot();
        long deadline = 0;
        for (int spins = 0; !takeCount(own, tree); spins++) {
            // No count: the tree is full, or its count is in flight (a free that has cleared its
            // bits but not yet counted them, or a reservation in progress). The bit decides.
            if (lower.isAllocated(frame)) {
                return false;
            }
            backOff(spins);
            if ((spins & 0xFFFF) == 0xFFFF) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + STUCK_RESERVATION_NANOS;
                } else if (now - deadline > 0) {
                    throw new IllegalStateException("no count for free frame " + frame + " for 30 s: counters corrupted");
                }
            }
        }
        if (lower.claim(frame)) {
            return true;
        }
        trees.add((int) tree, 1); // taken meanwhile: the count goes back, as after fragmentation
        return false;
    }

    private boolean takeCount(int own, long tree) {
        if (takeFromSlot(own, tree) || trees.take((int) tree, 1)) {
            return true;
        }
        for (int s = 0; s < slots; s++) {
            if (s != own && takeFromSlot(s, tree)) {
                return true;
            }
        }
        return false;
    }

    private static void backOff(int spins) {
        if ((spins & 63) == 63) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private boolean takeFromSlot(int slot, long tree) {
        int idx = reservedIndex(slot);
        long v = (long) LONGS.getVolatile(local, idx);
        while (ReservedTree.tree(v) == tree && ReservedTree.free(v) >= 1) {
            long witness = (long) LONGS.compareAndExchange(local, idx, v, ReservedTree.withFree(v, ReservedTree.free(v) - 1));
            if (witness == v) {
                return true;
            }
            v = witness;
        }
        return false;
    }

    /** Free frames by the upper counters (global entries plus per-CPU counts), as LLFree counts them. */
    @Override
    public long freeFrames() {
        long free = 0;
        for (int t = 0; t < trees.length(); t++) {
            free += trees.free(t);
        }
        for (int s = 0; s < slots; s++) {
            long v = (long) LONGS.getVolatile(local, reservedIndex(s));
            if (ReservedTree.hasStart(v)) {
                free += ReservedTree.free(v);
            }
        }
        return free;
    }

    /** Free frames by the child counters (a cross-check of {@link #freeFrames()}). */
    public long freeFramesByChildren() {
        long free = 0;
        for (int a = 0; a < lower.areas(); a++) {
            free += lower.childFree(a);
        }
        return free;
    }

    /** Free frames by the bit fields: zero bits outside huge areas (a cross-check). */
    public long freeFramesByBits() {
        long free = 0;
        for (int a = 0; a < lower.areas(); a++) {
            if (!lower.isHuge(a)) {
                free += lower.zeroBits(a);
            }
        }
        return free;
    }

    /** The tree slot {@code slot} has reserved, or -1 (for tests of the heuristics). */
    long reservedTree(int slot) {
        return ReservedTree.tree((long) LONGS.getVolatile(local, reservedIndex(slot)));
    }

    /** Free frames slot {@code slot} holds of its reserved tree. */
    int reservedFree(int slot) {
        return ReservedTree.free((long) LONGS.getVolatile(local, reservedIndex(slot)));
    }

    /** The global entry of tree t: its free counter, and whether a CPU has reserved it. */
    int treeFree(int t) {
        return trees.free(t);
    }

    boolean treeReserved(int t) {
        return trees.reserved(t);
    }

    @Override
    public long totalFrames() {
        return frames;
    }

    @Override
    public boolean isAllocated(long frame) {
        checkBlock(frame, 0);
        return lower.isAllocated(frame);
    }

    /**
     * Bytes LLFree's metadata takes in the kernel for this memory: bit fields (64 B per area),
     * children (a cache-line array of 32 u16 per tree), tree entries (u16 each) and one cache line
     * of per-CPU data per slot. The extra interior bit field of this model is not counted.
     */
    @Override
    public long metadataBytes() {
        long areas = lower.areas();
        long treeCount = trees.length();
        return areas * LowerAllocator.WORDS_PER_AREA * Long.BYTES
                + treeCount * LowerAllocator.CHILDREN_PER_TREE * Short.BYTES
                + treeCount * Short.BYTES
                + (long) slots * 64;
    }

    /** Bytes this JVM object holds in arrays, including the interior bit field. */
    public long jvmBytes() {
        return 2L * lower.wordCount() * Long.BYTES
                + (long) trees.length() * (LowerAllocator.CHILDREN_PER_TREE + 1) * Short.BYTES
                + (long) local.length * Long.BYTES;
    }

    private static void checkOrder(int order) {
        if (order < 0 || (order > LowerAllocator.MAX_WORD_ORDER && order != LowerAllocator.HUGE_ORDER)) {
            throw new IllegalArgumentException("order must be 0..6 or 9: " + order);
        }
    }

    private void checkBlock(long frame, int order) {
        long n = 1L << order;
        if (frame < 0 || frame > frames - n) {
            throw new IllegalArgumentException("frame " + frame + " (order " + order + ") is outside 0.." + (frames - 1));
        }
        if ((frame & (n - 1)) != 0) {
            throw new IllegalArgumentException("frame " + frame + " is not aligned to order " + order);
        }
    }

    @Override
    public String toString() {
        return "LLFreeAllocator{frames=" + frames + ", slots=" + slots + ", trees=" + trees.length()
                + ", free=" + freeFrames() + "}";
    }
}
