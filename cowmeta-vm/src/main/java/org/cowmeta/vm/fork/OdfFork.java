package org.cowmeta.vm.fork;

import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.morsel.PageTableOps;
import org.cowmeta.vm.morsel.Scratch;
import org.cowmeta.vm.paging.Pte;

/**
 * On-demand-fork (Zhao et al., EuroSys 2021): tables above level 1 are copied as Linux does;
 * each level-1 table is shared instead, its count incremented (one batch per level-2 table) and
 * the level-2 entry write-protected on both sides. Pages are not touched at fork: the first
 * write fault under a shared level-1 table copies its 512 entries and takes a reference on each
 * page (the fault handler's table break), later faults copy or reuse single pages.
 */
final class OdfFork implements ForkStrategy {
    static final OdfFork INSTANCE = new OdfFork();

    @Override
    public String name() {
        return "odf";
    }

    @Override
    public boolean copy(long parentRoot, long childRoot, int rootLevel, PageTableOps ops, Scratch s) {
        return copyEntries(parentRoot, childRoot, rootLevel, ops, s);
    }

    private static boolean copyEntries(long from, long to, int level, PageTableOps ops, Scratch s) {
        PhysicalMemory memory = ops.memory();
        if (level == 2) {
            long[] entries = s.entries(2);
            long[] tables = s.children(2);
            memory.readTable(from, entries);
            int n = 0;
            for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
                long e = entries[i];
                if (Pte.present(e)) {
                    if (Pte.writable(e)) {
                        e = ops.protect(from, i);
                        entries[i] = e;
                    }
                    tables[n++] = Pte.frame(e);
                }
            }
            memory.writeTable(to, entries);
            ops.incrementAll(tables, n, s);
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
                memory.setEntry(to, i, Pte.make(copy, true));
                if (!copyEntries(Pte.frame(e), copy, level - 1, ops, s)) {
                    return false;
                }
            }
        }
        return true;
    }
}
