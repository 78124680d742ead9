package org.cowmeta.vm.fork;

import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Pte;
import org.cowmeta.vm.system.PageTableOps;
import org.cowmeta.vm.system.Scratch;

/**
 * The eager part of a fork: copies the page tables of a tree from the root down to
 * {@code shareLevel}, where it stops copying and shares instead: the entries of each table at
 * that level are write-protected on both sides and what they point at gains a reference (one
 * {@code incrementAll} per table). Linux shares pages (level 1); On-demand-fork shares level-1
 * tables (level 2).
 */
final class TreeCopy {
    private TreeCopy() {}

    /** Copies {@code from} into the empty {@code to} at {@code level}; false when out of frames. */
    static boolean copy(long from, long to, int level, int shareLevel, PageTableOps ops, Scratch s) {
        PhysicalMemory memory = ops.memory();
        long[] entries = s.entries(level);
        memory.readTable(from, entries);
        if (level == shareLevel) {
            long[] shared = s.children(level);
            int n = 0;
            for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
                long e = entries[i];
                if (Pte.present(e)) {
                    if (Pte.writable(e)) {
                        e = ops.protect(from, i);
                        entries[i] = e;
                    }
                    shared[n++] = Pte.frame(e);
                }
            }
            memory.writeTable(to, entries);
            ops.incrementAll(shared, n, s);
            return true;
        }
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            long e = entries[i];
            if (Pte.present(e)) {
                long copy = ops.newTable(s);
                if (copy < 0) {
                    return false;
                }
                memory.setEntry(to, i, Pte.make(copy, true)); // counted (1) from here on
                if (!copy(Pte.frame(e), copy, level - 1, shareLevel, ops, s)) {
                    return false;
                }
            }
        }
        return true;
    }
}
