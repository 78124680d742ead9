package org.cowmeta.vm.fork;

import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Pte;
import org.cowmeta.vm.system.ForkStrategy;
import org.cowmeta.vm.system.PageTableOps;
import org.cowmeta.vm.system.Scratch;

/**
 * Fork by morsel copy: every present entry of the parent's root (a level-(N-1) subtree, a
 * morsel of 512 GiB under a 4-level root) is write-protected in place and in the child, and all
 * of them are incremented in one batch. The cost is independent of how much is mapped; the
 * subtrees are copied lazily, level by level, by the write-fault handler.
 */
final class MorselFork implements ForkStrategy {
    static final MorselFork INSTANCE = new MorselFork();

    @Override
    public String name() {
        return "morsel";
    }

    @Override
    public boolean copy(long parentRoot, long childRoot, int rootLevel, PageTableOps ops, Scratch s) {
        PhysicalMemory memory = ops.memory();
        long[] entries = s.entries(rootLevel);
        long[] kids = s.children(rootLevel);
        memory.readTable(parentRoot, entries);
        int n = 0;
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            long e = entries[i];
            if (Pte.present(e)) {
                if (Pte.writable(e)) {
                    e = ops.protect(parentRoot, i);
                    entries[i] = e;
                }
                kids[n++] = Pte.frame(e);
            }
        }
        memory.writeTable(childRoot, entries);
        ops.incrementAll(kids, n, s);
        return true;
    }
}
