package org.cowmeta.tables.rhashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JhashTest {

    /** {frame, seed, jhash2((u32 *)&frame, 2, seed)} from a C build of include/linux/jhash.h on x86-64. */
    private static final long[][] VECTORS = {
        {0x0L, 0x0, 0x58c184bfL}, {0x0L, 0x9e3779b9L, 0x81519881L}, {0x0L, 0xdeadbeefL, 0x51b5a5daL},
        {0x1L, 0x0, 0x5543253fL}, {0x1L, 0x9e3779b9L, 0x493a321bL}, {0x1L, 0xdeadbeefL, 0xc151d69eL},
        {0x12345L, 0x0, 0x56b6569L}, {0x12345L, 0x9e3779b9L, 0x15501feeL}, {0x12345L, 0xdeadbeefL, 0x7521f02eL},
        {0xffffffffffL, 0x0, 0x842e4250L}, {0xffffffffffL, 0x9e3779b9L, 0xa8b7e1b8L},
        {0xffffffffffL, 0xdeadbeefL, 0xe80197e4L}, {0x8000000001L, 0x0, 0x428e5409L},
        {0x8000000001L, 0x9e3779b9L, 0x911b25c7L}, {0x8000000001L, 0xdeadbeefL, 0x36d29f24L},
    };

    @Test
    void matchesTheKernelsJhash2OnTwoWords() {
        for (long[] v : VECTORS) {
            assertEquals((int) v[2], Jhash.hashFrame(v[0], (int) v[1]),
                    () -> "frame 0x" + Long.toHexString(v[0]) + " seed 0x" + Long.toHexString(v[1]));
            assertEquals((int) v[2], Jhash.jhash2(new int[] {(int) v[0], (int) (v[0] >>> 32)}, (int) v[1]));
        }
    }

    @Test
    void longKeysRunTheMixLoop() {
        assertEquals(0xde3eca83, Jhash.jhash2(new int[] {1, 2, 3, 4, 5, 6, 7}, 42));
    }
}
