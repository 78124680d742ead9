package org.cowmeta.vm.system;

/** A read of an address that lies in no mapped region. */
public final class SegmentationFault extends RuntimeException {
    public SegmentationFault(long va) {
        super("address 0x" + Long.toHexString(va) + " is not mapped");
    }
}
