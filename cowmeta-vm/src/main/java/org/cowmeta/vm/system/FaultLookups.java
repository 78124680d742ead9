package org.cowmeta.vm.system;

/**
 * Which refcount lookups a write fault makes on its way down. Both resolve every fault the same
 * way (a writable entry that no write-protected entry above protects always points at a frame
 * counted once; the checker verifies it); they differ only in the {@code get} calls, i.e. in
 * what the fault costs the table.
 */
public enum FaultLookups {
    /**
     * docs/architecture.md to the letter: once an access faults, {@code c = get(T)} for every page table T
     * below the root on the path and for the page, whether or not its entry is write-protected.
     */
    EVERY_TABLE,
    /**
     * Only where the entry is write-protected, as a kernel would do it: the hardware faults only
     * there, and a writable entry's frame has count 1 by the invariant above.
     */
    WRITE_PROTECTED_ONLY;

    public static FaultLookups of(String name) {
        for (FaultLookups l : values()) {
            if (l.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown fault lookups '" + name + "'; known: every-table, write-protected-only");
    }
}
