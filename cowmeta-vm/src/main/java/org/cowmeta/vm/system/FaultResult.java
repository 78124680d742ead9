package org.cowmeta.vm.system;

/** How a memory access or fault ended. */
public enum FaultResult {
    /** Done (with or without a fault). */
    OK,
    /** The address lies in no mapped region: nothing changed. */
    SEGV,
    /**
     * The frame allocator ran dry before the fault could change anything: no count moved and no
     * frame was taken. (Private entries on the path may have been made writable by reuse,
     * which moves no count.) A later access with memory available succeeds.
     */
    OUT_OF_MEMORY
}
