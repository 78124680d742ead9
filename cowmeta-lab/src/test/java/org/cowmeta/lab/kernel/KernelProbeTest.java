package org.cowmeta.lab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel probe against an independent measurement: the test's own small C program
 * ({@code fork-check.c}: fork cost as the slope between two region sizes instead of less an
 * empty fork, memset instead of madvise, another clock), compiled with the same cc. Only orders
 * of magnitude are asserted (a factor of five, and physically sane bounds), since the machine
 * is shared. Skipped when there is no C compiler.
 */
class KernelProbeTest extends OwnProbeCache {
    @Test
    void agreesWithAnIndependentForkAndCowMeasurement() throws Exception {
        Path cc = ProbeBinary.compiler();
        assumeTrue(cc != null, "no C compiler on this machine");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        KernelCosts c = Calibration.measure(64, 3, new PrintStream(log, true, StandardCharsets.UTF_8));
        double fork = c.figure(KernelFigure.FORK_PER_PAGE).orElseThrow().estimate();
        double cow = c.figure(KernelFigure.COW_FAULT).orElseThrow().estimate();
        double reuse = c.figure(KernelFigure.REUSE_FAULT).orElseThrow().estimate();

        Path check = ProbeBinary.compile(cc, ProbeBinary.source("/org/cowmeta/lab/kernel/fork-check.c"), "fork-check");
        Process p = new ProcessBuilder(check.toString(), "16", "96").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "fork-check ran: " + out);
        Map<String, Double> own = KernelProbe.parse(out);
        double ownFork = own.get("fork_per_page");
        double ownCow = own.get("cow");
        System.out.printf(java.util.Locale.ROOT, "kernel probe: fork %.1f ns/page, COW %.0f ns, reuse %.0f ns; "
                + "independent: fork %.1f ns/page, COW %.0f ns%n", fork, cow, reuse, ownFork, ownCow);

        assertTrue(cow > 100 && cow < 1_000_000, "a COW fault takes between 100 ns and 1 ms: " + cow);
        assertTrue(reuse > 50 && reuse < 1_000_000, "a reuse fault takes between 50 ns and 1 ms: " + reuse);
        assertTrue(fork > 1 && fork < 100_000, "a fork per page takes between 1 ns and 100 µs: " + fork);
        assertWithinFactor(5, cow, ownCow, "COW fault");
        assertWithinFactor(5, fork, ownFork, "fork per page");
        assertTrue(cow > reuse * 0.8, "a COW fault (allocate and copy) is not cheaper than a reuse: " + cow + " vs " + reuse);
    }

    @Test
    void everyFigureHasAValuePerRoundAndIsCachedForThisMachine() throws Exception {
        assumeTrue(ProbeBinary.compiler() != null, "no C compiler on this machine");
        KernelCosts c = Calibration.measure(8, 2, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (KernelFigure f : List.of(KernelFigure.FORK_PER_PAGE, KernelFigure.COW_FAULT, KernelFigure.REUSE_FAULT,
                KernelFigure.FIRST_TOUCH, KernelFigure.EXIT_PER_PAGE, KernelFigure.COPY_4K)) {
            assertEquals(2, c.samplesOf(f).size(), f + " has a value per round");
            assertTrue(c.figure(f).isPresent(), f + " is measured");
        }
        if (c.notes().isEmpty()) { // THP available, and the region backed by huge pages
            for (KernelFigure f : List.of(KernelFigure.FORK_PER_PAGE_THP, KernelFigure.COW_FAULT_THP, KernelFigure.COW_FAULT_THP_HUGE,
                    KernelFigure.COW_FAULTS_THP, KernelFigure.REUSE_FAULT_THP, KernelFigure.REUSE_FAULT_THP_HUGE, KernelFigure.REUSE_FAULTS_THP)) {
                assertEquals(2, c.samplesOf(f).size(), f + " has a value per round");
                assertTrue(c.figure(f).isPresent(), f + " is measured");
            }
        } else {
            assertTrue(c.notes().stream().allMatch(n -> n.contains("THP figures are left out")), "only THP is ever left out: " + c.notes());
        }
        KernelCosts cached = Calibration.cached().orElseThrow();
        assertEquals(c.figures(), cached.figures(), "the cache holds what was measured");
        assertEquals(MachineKey.current().text(), cached.machine());
    }

    @Test
    void thpCowAndReuseFaultsAgreeWithAnIndependentMeasurement() throws Exception {
        Path cc = ProbeBinary.compiler();
        assumeTrue(cc != null, "no C compiler on this machine");
        assumeTrue(ThpSupport.unavailable(ThpSupport.ENABLED).isEmpty(), "no transparent huge pages on this machine");
        Path check = ProbeBinary.compile(cc, ProbeBinary.source("/org/cowmeta/lab/kernel/thp-check.c"), "thp-check");
        Process p = new ProcessBuilder(check.toString(), "32").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "thp-check ran: " + out);
        Map<String, Double> own = KernelProbe.parse(out);
        assumeTrue(own.get("huge_share") >= 0.5, "the kernel gave the check's region too few huge pages: " + out);

        KernelCosts c = KernelProbe.measure(ProbeBinary.obtain(), 32, 3, "test", new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        double cow = c.figure(KernelFigure.COW_FAULT_THP).orElseThrow().estimate();
        double cowHuge = c.figure(KernelFigure.COW_FAULT_THP_HUGE).orElseThrow().estimate();
        double cowFaults = c.figure(KernelFigure.COW_FAULTS_THP).orElseThrow().estimate();
        double reuse = c.figure(KernelFigure.REUSE_FAULT_THP).orElseThrow().estimate();
        double reuseFaults = c.figure(KernelFigure.REUSE_FAULTS_THP).orElseThrow().estimate();
        System.out.printf(java.util.Locale.ROOT, "kernel probe, THP: COW %.0f ns per 4 KiB (%.0f faults per 2 MiB, first write %.0f ns), "
                        + "reuse %.1f ns per 4 KiB (%.0f faults per 2 MiB); independent: COW %.0f ns, %.0f faults, reuse %.1f ns, %.0f faults%n",
                cow, cowFaults, cowHuge, reuse, reuseFaults, own.get("cow_per_4k"), own.get("cow_faults_per_huge"), own.get("reuse_per_4k"),
                own.get("reuse_faults_per_huge"));

        assertWithinFactor(1.2, cowFaults, own.get("cow_faults_per_huge"), "COW faults per huge page");
        assertWithinFactor(1.2, reuseFaults, own.get("reuse_faults_per_huge"), "reuse faults per huge page");
        assertTrue(cowFaults >= 1 && cowFaults < 600 && reuseFaults >= 1 && reuseFaults < 600,
                "between one fault per huge page and one per 4 KiB page: " + cowFaults + ", " + reuseFaults);
        assertWithinFactor(5, cow, own.get("cow_per_4k"), "COW fault with THP per 4 KiB page");
        // a reuse of the whole huge page makes the per-4 KiB figure a 512th of a fault plus a store: ten times leeway
        assertWithinFactor(10, reuse, own.get("reuse_per_4k"), "reuse fault with THP per 4 KiB page");
        assertTrue(cowHuge > 100 && cowHuge < 100_000_000, "a huge page's first COW write takes between 100 ns and 100 ms: " + cowHuge);
        assertTrue(!ThpFaults.describe(cowFaults, reuseFaults).isEmpty());
    }

    @Test
    void withoutThpTheThpFiguresAreLeftOutInOneSentence() throws Exception {
        assumeTrue(ProbeBinary.compiler() != null, "no C compiler on this machine");
        Path never = java.nio.file.Files.writeString(cache.resolve("enabled"), "always madvise [never]\n");
        KernelCosts c = KernelProbe.measure(ProbeBinary.obtain(), 4, 1, "test", never,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (KernelFigure f : KernelFigure.values()) {
            assertEquals(!f.thp(), c.figures().containsKey(f), f + (f.thp() ? " is left out" : " is measured"));
        }
        assertEquals(1, c.notes().size(), "one sentence: " + c.notes());
        String note = c.notes().getFirst();
        assertTrue(note.contains("[never]") && note.contains("THP figures are left out") && note.endsWith("."), note);
        assertTrue(Calibration.complete(c), "a cache without THP figures and its note is complete");
        KernelCosts old = new KernelCosts("m", "", 4, 1, c.figures(), c.samples());
        assertFalse(Calibration.complete(old), "one without them and without the note predates them: measured anew");
        assertTrue(ThpSupport.unavailable(cache.resolve("no-such-file")).orElseThrow().contains("left out"));
        assertTrue(ThpSupport.unavailable(java.nio.file.Files.writeString(cache.resolve("madvise"), "always [madvise] never\n")).isEmpty());
    }

    @Test
    void aMissingCompilerIsSaidInOneSentence() {
        System.setProperty(ProbeBinary.CC_PROPERTY, cache.resolve("no-such-cc").toString());
        try {
            NoCompilerException e = org.junit.jupiter.api.Assertions.assertThrows(NoCompilerException.class,
                    () -> Calibration.cachedOrMeasure(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("no C compiler") && e.getMessage().contains("left out"), e.getMessage());
        } finally {
            System.clearProperty(ProbeBinary.CC_PROPERTY);
        }
    }

    private static void assertWithinFactor(double factor, double a, double b, String what) {
        double r = a / b;
        assertTrue(r < factor && r > 1 / factor, what + ": the probe's " + a + " ns and the independent " + b
                + " ns differ by more than " + factor + "x");
    }
}
