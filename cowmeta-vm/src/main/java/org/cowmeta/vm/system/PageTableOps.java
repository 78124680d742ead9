package org.cowmeta.vm.system;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.vm.memory.FrameAllocator;
import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Pte;
import org.cowmeta.vm.paging.TableLocks;

/**
 * The kernel-internal primitives of one {@link MemorySystem} that the fault handler, the fork
 * strategies and unmapping are built from: counted refcount-table calls (each recorded in the
 * calling thread's {@link FaultRecord}), frame and table allocation, the COW copy of a table,
 * and the release of a subtree whose count reached 0. Public for the fork strategies
 * ({@code org.cowmeta.vm.fork}) and the checker; scenarios use {@link AddressSpace} instead.
 */
public final class PageTableOps {
    private final PhysicalMemory memory;
    private final FrameAllocator allocator;
    private final RefCountTable refs;
    private final TableLocks locks;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    PageTableOps(PhysicalMemory memory, FrameAllocator allocator, RefCountTable refs, TableLocks locks) {
        this.memory = memory;
        this.allocator = allocator;
        this.refs = refs;
        this.locks = locks;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public TableLocks locks() {
        return locks;
    }

    /** The calling thread's scratch. */
    public Scratch scratch() {
        return scratch.get();
    }

    /** The calling thread's scratch with a fresh record: the start of a public operation. */
    Scratch begin() {
        Scratch s = scratch.get();
        s.record.reset();
        s.reserved = 0;
        s.deferred = 0;
        return s;
    }

    // ---- counted refcount-table calls ------------------------------------------------

    public long get(long frame, Scratch s) {
        s.record.gets++;
        return refs.get(frame);
    }

    public long increment(long frame, Scratch s) {
        s.record.increments++;
        return refs.increment(frame);
    }

    public long decrement(long frame, Scratch s) {
        s.record.decrements++;
        return refs.decrement(frame);
    }

    public void incrementAll(long[] frames, int n, Scratch s) {
        if (n == 0) {
            return;
        }
        s.record.incrementAllCalls++;
        s.record.incrementAllFrames += n;
        refs.incrementAll(frames, 0, n);
    }

    // ---- frames ------------------------------------------------------------------------

    /** One frame, or -1 when memory is exhausted. */
    public long allocateFrame(Scratch s) {
        long f = allocator.allocate(0);
        if (f < 0) {
            return -1;
        }
        s.record.framesAllocated++;
        return f;
    }

    public void freeFrame(long frame, Scratch s) {
        allocator.free(frame, 0);
        s.record.framesFreed++;
    }

    /** A new empty page table, or -1 when memory is exhausted. */
    public long newTable(Scratch s) {
        long f = allocateFrame(s);
        if (f >= 0) {
            memory.newTable(f);
        }
        return f;
    }

    /** Allocates {@code n} frames into the scratch's reserve, all or none. */
    boolean reserve(Scratch s, int n) {
        for (int i = 0; i < n; i++) {
            long f = allocateFrame(s);
            if (f < 0) {
                while (s.reserved > 0) {
                    freeFrame(s.takeReserved(), s);
                }
                return false;
            }
            s.reserve[s.reserved++] = f;
        }
        return true;
    }

    /** Gives back unused reserved frames and runs deferred releases (call with no table lock held). */
    void finish(Scratch s) {
        while (s.reserved > 0) {
            freeFrame(s.takeReserved(), s);
        }
        for (int i = 0; i < s.deferred; i++) {
            release(s.deferredFrame[i], s.deferredLevel[i], s);
        }
        s.deferred = 0;
    }

    // ---- entries -----------------------------------------------------------------------

    /** Write-protects entry {@code index} of {@code table} in place; returns the protected entry. */
    public long protect(long table, int index) {
        while (true) {
            long e = memory.entry(table, index);
            long p = Pte.writeProtect(e);
            if (p == e || memory.casEntry(table, index, e, p)) {
                return p;
            }
        }
    }

    /**
     * The COW break of a table: fills the fresh table {@code copy} with the entries of the shared
     * table {@code shared} at {@code level}, write-protects the present ones on both sides (the
     * children are now shared, and the last owner of {@code shared} will reuse it rather than
     * copy it, so its entries must protect them too), and increments every child in one batch.
     */
    public void copyProtected(long shared, long copy, int level, Scratch s) {
        long[] entries = s.entries[level];
        long[] kids = s.children[level];
        memory.readTable(shared, entries);
        int n = 0;
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            long e = entries[i];
            if (Pte.present(e)) {
                if (Pte.writable(e)) {
                    e = protect(shared, i);
                    entries[i] = e;
                }
                kids[n++] = Pte.frame(e);
            }
        }
        memory.writeTable(copy, entries);
        incrementAll(kids, n, s);
    }

    // ---- release -----------------------------------------------------------------------

    /** Drops one reference to {@code frame} (a table at {@code level}, or a page at level 0). */
    public void drop(long frame, int level, Scratch s) {
        if (decrement(frame, s) == 0) {
            release(frame, level, s);
        }
    }

    /**
     * Frees {@code frame}, whose count reached 0: a page goes back to the allocator; a table
     * first waits for walkers still inside it, then drops all its children in one batch and
     * recursively frees those that reach 0. Call with no table lock held.
     */
    public void release(long frame, int level, Scratch s) {
        if (level == 0) {
            freeFrame(frame, s);
            return;
        }
        locks.barrier(frame, level);
        long[] entries = s.entries[level];
        long[] kids = s.children[level];
        memory.readTable(frame, entries);
        int n = 0;
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            if (Pte.present(entries[i])) {
                kids[n++] = Pte.frame(entries[i]);
            }
        }
        memory.releaseTable(frame);
        freeFrame(frame, s);
        if (n == 0) {
            return;
        }
        Scratch.Collector gone = s.released[level];
        gone.count = 0;
        s.record.decrementAllCalls++;
        s.record.decrementAllFrames += n;
        refs.decrementAll(kids, 0, n, gone);
        for (int i = 0; i < gone.count; i++) {
            release(gone.frames[i], level - 1, s);
        }
    }
}
