package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The measuring stick itself: heap objects by JOL, native segments once each, exclusions subtracted. */
class JvmBytesTest {

    @Test
    void heapArraysAreMeasuredExactly() {
        assertEquals(16 + 8 * 1000, JvmBytes.measure(new long[1000]).total());
    }

    @Test
    void nativeSegmentsCountOnceEvenWhenSliced() {
        // Shared, as the tables use: a confined arena references its owner Thread, which JOL cannot walk on JDK 25.
        try (Arena arena = Arena.ofShared()) {
            MemorySegment whole = arena.allocate(1 << 20);
            Object[] holder = {whole, whole.asSlice(4096, 8192), whole.asSlice(0, 100)};
            JvmBytes.Measured m = JvmBytes.measure(holder);
            assertEquals(1 << 20, m.offHeapBytes());
        }
    }

    @Test
    void objectsThatAreNotDataAreSubtracted() {
        long[] data = new long[100];
        long[] notData = new long[5000];
        Object[] holder = {data, notData};
        long all = JvmBytes.measure(holder).total();
        long without = JvmBytes.measure(holder, (Object) notData).total();
        assertEquals(16 + 8 * 5000, all - without);
    }
}
