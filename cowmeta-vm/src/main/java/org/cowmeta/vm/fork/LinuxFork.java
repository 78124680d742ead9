package org.cowmeta.vm.fork;

import org.cowmeta.vm.system.ForkStrategy;
import org.cowmeta.vm.system.PageTableOps;
import org.cowmeta.vm.system.Scratch;

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
        return TreeCopy.copy(parentRoot, childRoot, rootLevel, 1, ops, s);
    }
}
