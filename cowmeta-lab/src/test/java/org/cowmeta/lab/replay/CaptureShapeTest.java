package org.cowmeta.lab.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cowmeta.lab.kernel.ForkShape;
import org.cowmeta.vm.capture.CapturedProcess;
import org.junit.jupiter.api.Test;

/** Regions inferred from a captured process's pages and flags. */
class CaptureShapeTest {
    /** A library's text (file, read-only), its data (anonymous, writable), a heap 1 GiB away with a hole in it. */
    static CapturedProcess parent() {
        long[] vpns = {100, 101, 102, 103, 104, 105, 1L << 18, (1L << 18) + 1, (1L << 18) + 300, (1L << 18) + 301};
        byte[] flags = {1, 1, 1, 4, 4, 4, 6, 6, 6, 6}; // 100..102 text, 103..105 data, then the heap
        return new CapturedProcess(10, 1, "p", vpns, new long[vpns.length], flags);
    }

    @Test
    void regionsFollowKindWritabilityAndLongHoles() {
        CapturedProcess p = parent();
        CapturedProcess child = new CapturedProcess(11, 10, "c", new long[0], new long[0], new byte[0]);
        ForkShape s = CaptureShape.of(p.vpns(), p, child);
        List<ForkShape.Region> r = s.regions();
        assertEquals(3, r.size(), "text, data, and the heap across its hole of 298 pages: " + r);
        assertTrue(r.get(0).file() && !r.get(0).writable());
        assertEquals(3, r.get(0).pages());
        assertFalse(r.get(1).file());
        assertTrue(r.get(1).writable());
        assertEquals(302, r.get(2).pages(), "the heap spans its hole");
        assertArrayEquals(new long[] {0, 300}, r.get(2).runStarts());
        assertArrayEquals(new long[] {2, 2}, r.get(2).runLengths());
        assertEquals(3, s.filePages());
        assertEquals(7, s.anonPages());
    }

    @Test
    void aPageOnlyTheChildShowsTakesTheChildsFlagsAndAMissingOneIsWritableAnonymous() {
        CapturedProcess p = new CapturedProcess(10, 1, "p", new long[] {5}, new long[1], new byte[] {1});
        CapturedProcess child = new CapturedProcess(11, 10, "c", new long[] {6}, new long[1], new byte[] {1});
        ForkShape s = CaptureShape.of(new long[] {7, 5, 6}, p, child);
        assertEquals(2, s.regions().size(), "5 and 6 are file pages, 7 is in neither: " + s.regions());
        assertEquals(2, s.filePages());
        assertTrue(s.regions().get(1).writable() && !s.regions().get(1).file());
    }
}
