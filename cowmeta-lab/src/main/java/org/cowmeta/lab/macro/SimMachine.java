package org.cowmeta.lab.macro;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.MemorySystem;
import org.cowmeta.vm.system.OutOfFramesException;

/**
 * One simulated machine for a scenario run: LLFree over {@code frames} frames, the named
 * refcount table (default sizing, so its resizes are part of the run), tagged pages (a page copy
 * copies a tag, page tables are real), 4-level address spaces. Closes everything it made.
 */
final class SimMachine implements AutoCloseable {
    /** Where scenarios map their memory: 1 GiB-aligned, clear of address 0. */
    static final long BASE = 1L << 30;

    final long frames;
    final RefCountTable table;
    final MemorySystem sys;

    SimMachine(String tableName, long frames, long seed) {
        this.frames = frames;
        LLFreeAllocator alloc = new LLFreeAllocator(frames, 2);
        this.table = TableRegistry.create(tableName, TableConfig.of(frames).withSeed(seed));
        this.sys = MemorySystem.create(alloc, table, ContentMode.TAGGED);
    }

    /** Frames enough for {@code copies} full copies of {@code pages} pages plus their page tables. */
    static long framesFor(long pages, int copies) {
        long need = pages * copies + pages / 128 * copies + 8192;
        long f = 1L << 15;
        while (f < need) {
            f <<= 1;
        }
        return f;
    }

    /** The virtual address of page {@code page} of the scenario's memory. */
    static long pageAddress(long page) {
        return BASE + (page << PAGE_SHIFT);
    }

    /** A new address space with [BASE, BASE + pages * 4 KiB) mapped and every page written once (not timed). */
    AddressSpace populated(long pages) throws OutOfFramesException {
        AddressSpace as = sys.newAddressSpace();
        as.map(BASE, pages << PAGE_SHIFT);
        for (long p = 0; p < pages; p++) {
            as.write(pageAddress(p), p + 1);
        }
        return as;
    }

    @Override
    public void close() {
        try {
            sys.close();
        } finally {
            table.close();
        }
    }
}
