package org.cowmeta.vm.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.StampedLock;
import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Levels;
import org.cowmeta.vm.paging.Pte;

/**
 * A simulated process address space: a private root page table at level 4 (or 5), the regions
 * mapped in it (anonymous memory and mounted morsels), and its counters.
 *
 * <p><b>Locking</b>, outermost first: the address space's own lock (like Linux's mmap_lock),
 * shared for reads and writes, exclusive for everything that changes the shape (map, unmap,
 * mount, unmount, copy, fork, close); then page-table locks top-down along the walk (see
 * {@link FaultHandler}). Several threads may access one address space at once and several
 * address spaces may share tables and pages. An operation that involves two address spaces
 * ({@link #transfer}) holds one of their locks at a time.
 */
public final class AddressSpace implements AutoCloseable {
    private final MemorySystem system;
    private final PageTableOps ops;
    private final FaultHandler handler;
    private final PhysicalMemory memory;
    private final long id;
    private final long root;
    private final int levels;
    private final long limit;
    private final StampedLock lock = new StampedLock();
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    /** The regions' bounds in address order, for the hot path's lookup without boxing. */
    private long[] regionStarts = new long[0];
    private long[] regionEnds = new long[0];
    private final VmCounters counters = new VmCounters();
    private volatile boolean closed;

    AddressSpace(MemorySystem system, long id, long root) {
        this.system = system;
        this.ops = system.ops();
        this.handler = system.handler();
        this.memory = ops.memory();
        this.id = id;
        this.root = root;
        this.levels = system.rootLevel();
        this.limit = Levels.addressSpaceSize(levels);
    }

    public long id() {
        return id;
    }

    /** The root page table's frame. */
    public long rootFrame() {
        return root;
    }

    public int rootLevel() {
        return levels;
    }

    public MemorySystem system() {
        return system;
    }

    /** Totals of every operation on this address space. */
    public VmCounters counters() {
        return counters;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The mapped regions, in address order. */
    public List<Region> regions() {
        long stamp = lock.readLock();
        try {
            return new ArrayList<>(regions.values());
        } finally {
            lock.unlockRead(stamp);
        }
    }

    // ---- accesses ----------------------------------------------------------------------

    /**
     * Stores {@code value} in the word at {@code va} (in tagged mode: sets the page's tag),
     * running the write-fault handler where the path is not writable.
     */
    public FaultResult write(long va, long value) {
        return write(va, value, null);
    }

    /** As {@link #write(long, long)}; if {@code out} is not null it receives what this access did. */
    public FaultResult write(long va, long value, FaultRecord out) {
        checkAddress(va);
        Scratch s = ops.begin();
        s.record.accesses++;
        long stamp = lock.readLock();
        try {
            ensureOpen();
            if (!mapped(va)) {
                s.record.result = FaultResult.SEGV;
            } else {
                handler.writePath(root, levels, va, 0, value, s);
            }
            ops.finish(s);
        } finally {
            lock.unlockRead(stamp);
        }
        publish(s, out);
        return s.record.result;
    }

    /** The word at {@code va} (the page's tag in tagged mode); a never-written page reads 0. */
    public long read(long va) {
        checkAddress(va);
        Scratch s = ops.begin();
        s.record.accesses++;
        long v;
        long stamp = lock.readLock();
        try {
            ensureOpen();
            if (!mapped(va)) {
                throw new SegmentationFault(va);
            }
            v = handler.read(root, levels, va);
        } finally {
            lock.unlockRead(stamp);
        }
        publish(s, null);
        return v;
    }

    /** The frame {@code va} maps to now, or -1 if none (a walk; nothing changes). */
    public long translate(long va) {
        checkAddress(va);
        long stamp = lock.readLock();
        try {
            ensureOpen();
            return handler.translate(root, levels, va);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    // ---- regions -----------------------------------------------------------------------

    /** Maps fresh anonymous memory at [va, va + length): nothing is allocated until first touch. */
    public void map(long va, long length) {
        if ((va & 4095) != 0 || length <= 0 || (length & 4095) != 0) {
            throw new IllegalArgumentException("a region needs a page-aligned address and a positive page-multiple length");
        }
        checkRange(va, length);
        long stamp = lock.writeLock();
        try {
            ensureOpen();
            checkFree(va, va + length);
            regions.put(va, new Region(va, va + length, Region.Kind.ANONYMOUS, 0));
            reindex();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Unmaps the region that starts at {@code va} (anonymous memory, or a mounted morsel whose
     * reference is dropped). Whole page tables under the region are dropped with one decrement
     * each. If a region edge lies inside a shared table, that table is copied first; when that
     * runs out of memory the region stays mapped with its contents unchanged.
     */
    public void unmap(long va) throws OutOfFramesException {
        Scratch s = ops.begin();
        long stamp = lock.writeLock();
        try {
            ensureOpen();
            Region r = regions.get(va);
            if (r == null) {
                throw new IllegalArgumentException(String.format("no region starts at 0x%x", va));
            }
            if (r.kind() == Region.Kind.MORSEL) {
                long e = detachMount(r, s);
                ops.drop(Pte.frame(e), r.morselLevel(), s);
            } else {
                privatizeEdge(r.start(), r.start(), r.end(), s);
                privatizeEdge(r.end() - 1, r.start(), r.end(), s);
                zap(root, levels, 0, r.start(), r.end(), s);
                regions.remove(va);
                reindex();
            }
        } finally {
            ops.finish(s);
            lock.unlockWrite(stamp);
            publish(s, null);
        }
    }

    /** Makes the tables that [start, end) covers only in part, around {@code a}, private. */
    private void privatizeEdge(long a, long start, long end, Scratch s) throws OutOfFramesException {
        int deepest = levels;
        for (int k = 1; k < levels; k++) {
            long base = a & -Levels.span(k);
            if (!(start <= base && base + Levels.span(k) <= end)) {
                deepest = k;
                break;
            }
        }
        if (deepest < levels && handler.writePath(root, levels, a, deepest, 0, false, s) == -1) {
            throw outOfFrames("unmap", s);
        }
    }

    private void zap(long table, int level, long base, long start, long end, Scratch s) {
        long es = Levels.entrySpan(level);
        long from = Math.max(start, base);
        long to = Math.min(end, base + Levels.span(level));
        int first = (int) ((from - base) / es);
        int last = (int) ((to - 1 - base) / es);
        for (int i = first; i <= last; i++) {
            long e = memory.entry(table, i);
            if (!Pte.present(e)) {
                continue;
            }
            long childBase = base + i * es;
            if (start <= childBase && childBase + es <= end) {
                memory.setEntry(table, i, Pte.NONE);
                ops.drop(Pte.frame(e), level - 1, s);
            } else {
                if (!Pte.writable(e)) {
                    throw new IllegalStateException("unmap reached a shared table at an edge it had made private");
                }
                zap(Pte.frame(e), level - 1, childBase, start, end, s);
            }
        }
    }

    // ---- morsels -----------------------------------------------------------------------

    /** Creates an empty morsel at {@code level} and mounts it at {@code va}. */
    public void createMorsel(long va, int level) throws OutOfFramesException {
        Morsel m = system.newMorsel(level);
        try {
            mount(m, va);
        } catch (OutOfFramesException | RuntimeException e) {
            m.release();
            throw e;
        }
    }

    /**
     * Mounts a detached morsel at {@code va} (aligned to its size): one entry in the level-(L+1)
     * table, which is built or made private if needed. Uses the handle up.
     */
    public void mount(Morsel m, long va) throws OutOfFramesException {
        int level = m.level();
        long size = Levels.span(level);
        if ((va & (size - 1)) != 0) {
            throw new IllegalArgumentException(String.format("a level-%d morsel mounts at a multiple of 0x%x, not 0x%x", level, size, va));
        }
        if (level + 1 > levels) {
            throw new IllegalArgumentException("a level-" + level + " morsel does not fit below a level-" + levels + " root");
        }
        checkRange(va, size);
        Scratch s = ops.begin();
        long stamp = lock.writeLock();
        try {
            ensureOpen();
            checkFree(va, va + size);
            long parent = handler.writePath(root, levels, va, level + 1, 0, s);
            if (parent == -1) {
                throw outOfFrames("mount", s);
            }
            int index = Levels.index(va, level + 1);
            long old = memory.entry(parent, index);
            long e = m.consume();
            memory.setEntry(parent, index, e);
            if (Pte.present(old)) {
                ops.drop(Pte.frame(old), level, s); // empty tables left behind by an earlier unmap
            }
            regions.put(va, new Region(va, va + size, Region.Kind.MORSEL, level));
            reindex();
            system.unregister(m);
        } finally {
            ops.finish(s);
            lock.unlockWrite(stamp);
            publish(s, null);
        }
    }

    /** Unmounts the morsel at {@code va}: its reference moves into the returned handle (O(1)). */
    public Morsel unmount(long va) throws OutOfFramesException {
        Scratch s = ops.begin();
        long stamp = lock.writeLock();
        try {
            ensureOpen();
            Region r = morselRegion(va);
            long e = detachMount(r, s);
            Morsel m = new Morsel(system, r.morselLevel(), Pte.frame(e), Pte.writable(e));
            system.register(m);
            return m;
        } finally {
            ops.finish(s);
            lock.unlockWrite(stamp);
            publish(s, null);
        }
    }

    private long detachMount(Region r, Scratch s) throws OutOfFramesException {
        int level = r.morselLevel();
        long parent = handler.writePath(root, levels, r.start(), level + 1, 0, s);
        if (parent == -1) {
            throw outOfFrames("unmount", s);
        }
        int index = Levels.index(r.start(), level + 1);
        long e = memory.entry(parent, index);
        if (!Pte.present(e)) {
            throw new IllegalStateException("morsel mount at " + r + " has no entry");
        }
        memory.setEntry(parent, index, Pte.NONE);
        regions.remove(r.start());
        reindex();
        return e;
    }

    /**
     * The O(1) copy-on-write copy of the morsel mounted at {@code va}: {@code increment(root)},
     * the mounting entry write-protected, the copy returned as a write-protected handle.
     */
    public Morsel copyMorsel(long va) {
        Scratch s = ops.begin();
        long stamp = lock.writeLock();
        try {
            ensureOpen();
            Region r = morselRegion(va);
            int level = r.morselLevel();
            long parent = root;
            for (int l = levels; l > level + 1; l--) {
                long e = memory.entry(parent, Levels.index(va, l));
                if (!Pte.present(e)) {
                    throw new IllegalStateException("morsel mount at " + r + " has no path");
                }
                parent = Pte.frame(e);
            }
            long e = ops.protect(parent, Levels.index(va, level + 1));
            ops.increment(Pte.frame(e), s);
            Morsel m = new Morsel(system, level, Pte.frame(e), false);
            system.register(m);
            return m;
        } finally {
            ops.finish(s);
            lock.unlockWrite(stamp);
            publish(s, null);
        }
    }

    /** Copies the morsel at {@code va} (O(1), copy-on-write) and mounts the copy in {@code to} at {@code toVa}. */
    public void copyMorsel(long va, AddressSpace to, long toVa) throws OutOfFramesException {
        Morsel m = copyMorsel(va);
        try {
            to.mount(m, toVa);
        } catch (OutOfFramesException | RuntimeException e) {
            m.release();
            throw e;
        }
    }

    /**
     * Moves the morsel at {@code va} to {@code to} at {@code toVa} in O(1): its entry is cleared
     * here and written there, no count changes. If {@code to} cannot take it, it stays here.
     */
    public void transfer(long va, AddressSpace to, long toVa) throws OutOfFramesException {
        Morsel m = unmount(va);
        try {
            to.mount(m, toVa);
        } catch (OutOfFramesException | RuntimeException e) {
            if (m.isDetached()) {
                mount(m, va); // the path is there and private: needs no frame
            }
            throw e;
        }
    }

    private Region morselRegion(long va) {
        Region r = regions.get(va);
        if (r == null || r.kind() != Region.Kind.MORSEL) {
            throw new IllegalArgumentException(String.format("no morsel is mounted at 0x%x", va));
        }
        return r;
    }

    // ---- fork and exit -----------------------------------------------------------------

    /** A child address space made by {@code strategy}; the parent is locked meanwhile. */
    public AddressSpace fork(ForkStrategy strategy) throws OutOfFramesException {
        Scratch s = ops.begin();
        long stamp = lock.writeLock();
        try {
            ensureOpen();
            long childRoot = ops.newTable(s);
            if (childRoot < 0) {
                throw outOfFrames("fork", s);
            }
            if (!strategy.copy(root, childRoot, levels, ops, s)) {
                ops.drop(childRoot, levels, s);
                throw outOfFrames("fork (" + strategy.name() + ")", s);
            }
            AddressSpace child = system.adopt(childRoot);
            child.regions.putAll(regions);
            child.reindex();
            s.record.forks++;
            return child;
        } finally {
            ops.finish(s);
            lock.unlockWrite(stamp);
            publish(s, null);
        }
    }

    /** Exit: drops the root ({@code decrement(root)}); every table and page only it held is freed. */
    @Override
    public void close() {
        Scratch s = ops.begin();
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            regions.clear();
            reindex();
            ops.drop(root, levels, s);
            system.unregister(this);
        } finally {
            ops.finish(s);
            lock.unlockWrite(stamp);
            publish(s, null);
        }
    }

    // ---- helpers -----------------------------------------------------------------------

    /** Whether a region contains {@code va}: a binary search over primitive bounds (no boxing). */
    private boolean mapped(long va) {
        long[] starts = regionStarts;
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= va) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && va < regionEnds[hi];
    }

    /** Rebuilds the bounds arrays after a change of regions (under the exclusive lock). */
    private void reindex() {
        long[] starts = new long[regions.size()];
        long[] ends = new long[regions.size()];
        int i = 0;
        for (Region r : regions.values()) {
            starts[i] = r.start();
            ends[i++] = r.end();
        }
        regionStarts = starts;
        regionEnds = ends;
    }

    private void checkFree(long start, long end) {
        Map.Entry<Long, Region> below = regions.lowerEntry(end);
        if (below != null && below.getValue().overlaps(start, end)) {
            throw new IllegalArgumentException(String.format("[0x%x, 0x%x) overlaps %s", start, end, below.getValue()));
        }
    }

    private void checkAddress(long va) {
        if (va < 0 || va >= limit) {
            throw new IllegalArgumentException(String.format("address 0x%x is outside this %d-level address space", va, levels));
        }
    }

    private void checkRange(long va, long length) {
        if (va < 0 || length > limit || va > limit - length) {
            throw new IllegalArgumentException(String.format("[0x%x, +0x%x) is outside this %d-level address space", va, length, levels));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("address space " + id + " has exited");
        }
    }

    private static OutOfFramesException outOfFrames(String what, Scratch s) {
        return MemorySystem.outOfFrames(what, s);
    }

    private void publish(Scratch s, FaultRecord out) {
        counters.add(s.record);
        system.counters().add(s.record);
        if (out != null) {
            out.set(s.record);
        }
    }

    @Override
    public String toString() {
        return "address space " + id + " (root " + root + ", " + levels + " levels)";
    }
}
