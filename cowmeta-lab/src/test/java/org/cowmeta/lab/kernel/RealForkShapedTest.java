package org.cowmeta.lab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real fork of a shaped process against what the kernel is known to do: it copies every PTE
 * of an anonymous VMA and none of a file VMA without anonymous pages, so the same pages cost a
 * fork far more anonymous than file-backed. Only that order is asserted (the machine is shared).
 * Skipped when there is no C compiler.
 */
class RealForkShapedTest extends OwnProbeCache {
    static final long PAGES = 8192;

    private static ForkShape one(boolean file) {
        return new ForkShape(List.of(new ForkShape.Region(PAGES, file, !file, new long[] {0}, new long[] {PAGES}),
                new ForkShape.Region(16, false, true, new long[] {3}, new long[] {2})));
    }

    @Test
    void anonymousPagesCostARealForkMoreThanFilePages() throws Exception {
        assumeTrue(ProbeBinary.compiler() != null, "no C compiler on this machine");
        RealFork.Shaped anon = RealFork.shaped(one(false), 6);
        RealFork.Shaped file = RealFork.shaped(one(true), 6);
        System.out.printf(java.util.Locale.ROOT, "shaped fork: %d anonymous pages %.0f us, %d file pages %.0f us, empty %.0f us, %d VMAs%n",
                PAGES, anon.nanos().estimate() / 1e3, PAGES, file.nanos().estimate() / 1e3, anon.emptyNanos() / 1e3, anon.vmas());
        assertEquals(PAGES + 2, anon.anonPages(), "every page of the shape populated");
        assertEquals(PAGES, file.filePages());
        assertEquals(2, anon.regions());
        assertTrue(anon.vmas() >= 2, "at least the shape's VMAs: " + anon.vmas());
        assertTrue(anon.nanos().estimate() > file.nanos().estimate(),
                "copying 8192 anonymous PTEs costs more than skipping a file VMA's: " + anon.nanos() + " vs " + file.nanos());
        assertTrue(anon.nanos().estimate() > 1_000 && anon.nanos().estimate() < 1e9, "a fork takes between 1 µs and 1 s: " + anon.nanos());
    }
}
