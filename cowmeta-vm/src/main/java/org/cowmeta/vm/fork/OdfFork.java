package org.cowmeta.vm.fork;

import org.cowmeta.vm.system.ForkStrategy;
import org.cowmeta.vm.system.PageTableOps;
import org.cowmeta.vm.system.Scratch;

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
        return TreeCopy.copy(parentRoot, childRoot, rootLevel, 2, ops, s);
    }
}
