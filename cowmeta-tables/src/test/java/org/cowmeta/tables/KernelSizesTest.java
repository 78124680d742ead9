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
    void kvmallocIsAPowerOfTwoOfPagesUpToFourMiBThenWholeVmallocPages() {
        assertEquals(256, KernelSizes.kvmalloc(200), "a slab class");
        assertEquals(8192, KernelSizes.kvmalloc(8192));
        assertEquals(16384, KernelSizes.kvmalloc(8193), "kmalloc_large: order 2");
        assertEquals(1L << 20, KernelSizes.kvmalloc(64 + 8L * (1 << 16)), "an rhashtable of 2^16 buckets: order 8, twice its pages");
        assertEquals(4L << 20, KernelSizes.kvmalloc(4L << 20), "KMALLOC_MAX_SIZE still comes from kmalloc");
        assertEquals((4L << 20) + 4096, KernelSizes.kvmalloc((4L << 20) + 64), "beyond it: vmalloc, whole pages");
    }

    @Test
    void framesOutsideFortyBitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Frames.check(-1));
        assertThrows(IllegalArgumentException.class, () -> Frames.check(1L << 40));
        assertEquals((1L << 40) - 1, Frames.check((1L << 40) - 1));
    }
}
