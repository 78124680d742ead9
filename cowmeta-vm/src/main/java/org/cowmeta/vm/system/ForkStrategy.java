package org.cowmeta.vm.system;

/**
 * How fork shares a parent's memory with its child: what {@link AddressSpace#fork} calls to fill
 * the child's root. All strategies keep their counts in the system's one refcount table, and the
 * same write-fault handler resolves what they share. The strategies themselves ({@code morsel},
 * {@code linux}, {@code odf}) are in {@code org.cowmeta.vm.fork}; choose one by name with
 * {@code ForkStrategies.byName}.
 */
public interface ForkStrategy {

    /** The strategy's name as used on the command line and in reports. */
    String name();

    /**
     * Fills the child's empty root {@code childRoot} from the parent's root {@code parentRoot}
     * (both at {@code rootLevel}). Called with the parent's address-space lock held exclusively.
     * Returns false when out of frames; the child's tree is then consistent (every entry it holds
     * is counted) and the caller drops it. Write-protect bits set in the parent stay, moving no count.
     */
    boolean copy(long parentRoot, long childRoot, int rootLevel, PageTableOps ops, Scratch s);
}
