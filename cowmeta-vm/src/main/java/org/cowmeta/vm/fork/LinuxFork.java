package org.cowmeta.vm.fork;

import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.morsel.PageTableOps;
import org.cowmeta.vm.morsel.Scratch;
import org.cowmeta.vm.paging.Pte;

/**
 * Fork as Linux does it: the child gets a copy of every page table; every mapped page is
 * write-protected on both sides and gains a reference (one {@code incrementAll} per level-1
 * table, as copy_pte_range walks one PTE table at a time). Cost grows with what is mapped.
 * A parent table that is itself shared (from an earlier morsel copy) is copied just the same.
 */
final class LinuxFork implements ForkStrategy {
    static final LinuxFork INSTANCE = new LinuxFork();

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public boolean copy(long parentRoot, long childRoot, int rootLevel, PageTableOps ops, Scratch s) {
        return copyEntries(parentRoot, childRoot, rootLevel, ops, s);
    }

    /** Copies the entries of {@code from} into the empty {@code to} at {@code level}; false when out of frames. */
    static boolean copyEntries(long from, long to, int level, PageTableOps ops, Scratch s) {
        PhysicalMemory memory = ops.memory();
        if (level == 1) {
            long[] entries = s.entries(1);
            long[] pages = s.children(1);
            memory.readTable(from, entries);
            int n = 0;
            for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
                long e = entries[i];
                if (Pte.present(e)) {
                    if (Pte.writable(e)) {
                        e = ops.protect(from, i);
                        entries[i] = e;
                    }
                    pages[n++] = Pte.frame(e);
                }
            }
            memory.writeTable(to, entries);
            ops.incrementAll(pages, n, s);
            return true;
        }
        long[] entries = s.entries(level);
        memory.readTable(from, entries);
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            long e = entries[i];
            if (Pte.present(e)) {
                long copy = ops.newTable(s);
                if (copy < 0) {
                    return false;
                }
                memory.setEntry(to, i, Pte.make(copy, true)); // counted (1) from here on
                if (!copyEntries(Pte.frame(e), copy, level - 1, ops, s)) {
                    return false;
                }
            }
        }
        return true;
    }
}
