package org.cowmeta.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelSizesTest {

    @Test
    void kmallocRoundsUpToSlabClasses() {
        assertEquals(32, KernelSizes.kmalloc(24));
        assertEquals(96, KernelSizes.kmalloc(65));
        assertEquals(8192, KernelSizes.kmalloc(8000));
        assertEquals(16384, KernelSizes.kmalloc(8193));
    }

    @Test
    void kvmallocUsesWholePagesBeyondTheSlabs() {
        assertEquals(12288, KernelSizes.kvmalloc(8194));
        assertEquals(8192 + 4096, KernelSizes.kvmalloc(8193));
        assertEquals(256, KernelSizes.kvmalloc(200));
    }

    @Test
    void framesOutsideFortyBitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Frames.check(-1));
        assertThrows(IllegalArgumentException.class, () -> Frames.check(1L << 40));
        assertEquals((1L << 40) - 1, Frames.check((1L << 40) - 1));
    }
}
