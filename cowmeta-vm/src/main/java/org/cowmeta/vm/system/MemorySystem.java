package org.cowmeta.vm.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.FrameAllocator;
import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Levels;
import org.cowmeta.vm.paging.TableLocks;

/**
 * One simulated machine: physical memory, the frame allocator that hands it out, the refcount
 * table that holds the copy-on-write counts of its page tables and pages, the page-table
 * locks, and the live address spaces and detached morsels. The system owns its physical
 * memory (closed with it); the caller owns the allocator and the table.
 */
public final class MemorySystem implements AutoCloseable {
    private final PhysicalMemory memory;
    private final FrameAllocator allocator;
    private final RefCountTable refs;
    private final int rootLevel;
    private final PageTableOps ops;
    private final FaultHandler handler;
    private final VmCounters counters = new VmCounters();
    private final Set<AddressSpace> spaces = ConcurrentHashMap.newKeySet();
    private final Set<Morsel> detached = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    private final FaultLookups lookups;

    private MemorySystem(FrameAllocator allocator, RefCountTable refs, ContentMode mode, int rootLevel, FaultLookups lookups) {
        Levels.checkRootLevel(rootLevel);
        this.memory = new PhysicalMemory(allocator.totalFrames(), mode);
        this.allocator = allocator;
        this.refs = refs;
        this.rootLevel = rootLevel;
        this.ops = new PageTableOps(memory, allocator, refs, new TableLocks());
        this.lookups = lookups;
        this.handler = new FaultHandler(ops, lookups);
    }

    /**
     * A system over all frames of {@code allocator}, counts in {@code refs}, 4-level address
     * spaces, faults looking up every table on the path ({@link FaultLookups#EVERY_TABLE}).
     */
    public static MemorySystem create(FrameAllocator allocator, RefCountTable refs, ContentMode mode) {
        return new MemorySystem(allocator, refs, mode, 4, FaultLookups.EVERY_TABLE);
    }

    /** As {@link #create(FrameAllocator, RefCountTable, ContentMode)} with a root at level 4 or 5. */
    public static MemorySystem create(FrameAllocator allocator, RefCountTable refs, ContentMode mode, int rootLevel) {
        return new MemorySystem(allocator, refs, mode, rootLevel, FaultLookups.EVERY_TABLE);
    }

    /** As above, choosing which refcount lookups a fault makes. */
    public static MemorySystem create(FrameAllocator allocator, RefCountTable refs, ContentMode mode, int rootLevel,
                                      FaultLookups lookups) {
        return new MemorySystem(allocator, refs, mode, rootLevel, lookups);
    }

    public FaultLookups faultLookups() {
        return lookups;
    }

    /** A new, empty address space (one root table). */
    public AddressSpace newAddressSpace() throws OutOfFramesException {
        Scratch s = ops.begin();
        long root = ops.newTable(s);
        if (root < 0) {
            OutOfFramesException e = outOfFrames("new address space", s);
            publish(s);
            throw e;
        }
        publish(s);
        return adopt(root);
    }

    AddressSpace adopt(long root) {
        AddressSpace as = new AddressSpace(this, ids.incrementAndGet(), root);
        spaces.add(as);
        return as;
    }

    /** A new, empty detached morsel at {@code level} (1, 2 or 3): one root table. */
    public Morsel newMorsel(int level) throws OutOfFramesException {
        Morsel.checkLevel(level);
        Scratch s = ops.begin();
        long root = ops.newTable(s);
        if (root < 0) {
            OutOfFramesException e = outOfFrames("new morsel", s);
            publish(s);
            throw e;
        }
        publish(s);
        Morsel m = new Morsel(this, level, root, true);
        register(m);
        return m;
    }

    void register(Morsel m) {
        detached.add(m);
    }

    void unregister(Morsel m) {
        detached.remove(m);
    }

    void unregister(AddressSpace as) {
        spaces.remove(as);
    }

    static OutOfFramesException outOfFrames(String what, Scratch s) {
        s.record.outOfMemory++;
        s.record.result = FaultResult.OUT_OF_MEMORY;
        return new OutOfFramesException(what + ": out of physical frames");
    }

    void publish(Scratch s) {
        counters.add(s.record);
    }

    /** Live (not exited) address spaces, a snapshot. */
    public List<AddressSpace> addressSpaces() {
        return new ArrayList<>(spaces);
    }

    /** Detached morsel handles that hold a reference, a snapshot. */
    public List<Morsel> detachedMorsels() {
        return new ArrayList<>(detached);
    }

    /** Totals of every operation in this system. */
    public VmCounters counters() {
        return counters;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public FrameAllocator allocator() {
        return allocator;
    }

    public RefCountTable refs() {
        return refs;
    }

    public int rootLevel() {
        return rootLevel;
    }

    /** The kernel-internal primitives (for fork strategies and the checker). */
    public PageTableOps ops() {
        return ops;
    }

    FaultHandler handler() {
        return handler;
    }

    /** Exits every address space and releases every detached morsel: every frame goes back. */
    public void exitAll() {
        for (AddressSpace as : addressSpaces()) {
            as.close();
        }
        for (Morsel m : detachedMorsels()) {
            if (m.isDetached()) {
                m.release();
            }
        }
    }

    /** {@link #exitAll()}, then frees physical memory. The allocator and table stay the caller's. */
    @Override
    public void close() {
        exitAll();
        memory.close();
    }
}
