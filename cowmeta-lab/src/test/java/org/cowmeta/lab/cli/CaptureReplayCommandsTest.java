package org.cowmeta.lab.cli;

import static org.cowmeta.lab.cli.CliErrorsTest.assertUsageError;
import static org.cowmeta.lab.cli.CliErrorsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import org.cowmeta.lab.kernel.Calibration;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelCostsJson;
import org.cowmeta.lab.kernel.MachineKey;
import org.cowmeta.lab.kernel.ProbeBinary;
import org.cowmeta.lab.kernel.KernelFigure;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capture and replay: bad input is one sentence with file and line, exit 2, nothing written; good input reports. */
class CaptureReplayCommandsTest {
    /** A small well-formed capture: one fork pair with shared, copied and child-only pages. */
    static final String GOOD = """
            cowmeta-capture 1
            # hand-made
            frames 4096 page_size 4096
            K 10 2
            K 11 3
            K 12 1
            K 700 2
            P 100 1 parent
            M 50 10 4
            M 51 11 4
            M 52 12 6
            M 53 700 4
            P 101 100 child
            M 50 10 4
            M 51 11 4
            M 52 13 6
            M 53 700 4
            """;

    @TempDir
    Path dir;

    /**
     * This host's kernel costs, as a calibration cached for this machine in a cache of the
     * test's own: the replay projects onto them instead of measuring the kernel.
     */
    @BeforeEach
    void cachedCalibration() throws IOException {
        System.setProperty(ProbeBinary.CACHE_PROPERTY, dir.resolve("cache").toString());
        Map<KernelFigure, Interval> f = new java.util.EnumMap<>(KernelFigure.class);
        for (KernelFigure k : KernelFigure.values()) { // every figure, so the cache is not taken for an older probe's
            f.put(k, new Interval(1, 1, 1, 0.97, 6));
        }
        f.put(KernelFigure.COW_FAULT, new Interval(2000, 1800, 2200, 0.97, 6));
        f.put(KernelFigure.REUSE_FAULT, new Interval(800, 700, 900, 0.97, 6));
        f.put(KernelFigure.FORK_PER_PAGE, new Interval(100, 90, 110, 0.97, 6));
        KernelCostsJson.write(new KernelCosts(MachineKey.current().text(), "2026-01-01T00:00:00Z", 256, 6, f, Map.of()),
                Calibration.file(MachineKey.current()));
    }

    @AfterEach
    void restore() {
        System.clearProperty(ProbeBinary.CACHE_PROPERTY);
    }

    @Test
    void malformedCaptureNamesFileAndLineAndWritesNothing() throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "cowmeta-capture 1\nframes 4096 page_size 4096\nK 10 2\nK 9 2\n");
        Path out = dir.resolve("results");
        assertUsageError(run("replay", bad.toString(), "--out", out.toString()), bad + ":4: K lines must ascend by pfn");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void missingCaptureAndMissingProcessesAreOneSentence() {
        assertUsageError(run("replay", dir.resolve("none.gz").toString()), "does not exist");
        assertUsageError(run("capture", "-o", dir.resolve("c.gz").toString()), "--pid");
        assertUsageError(run("capture", "--all", "--pid", "1", "-o", dir.resolve("c.gz").toString()), "not both");
        assertUsageError(run("capture", "--pid", "1", "-o", dir.resolve("no/such/dir/c.gz").toString()), "directory does not exist");
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertUsageError(run("capture", "--pid", "2000000000", "-o", dir.resolve("c.gz").toString()), "there is no process 2000000000");
        }
        assertFalse(Files.exists(dir.resolve("c.gz")));
    }

    @Test
    void replayWritesResultsAndAReportSection() throws IOException {
        Path good = dir.resolve("good.txt");
        Files.writeString(good, GOOD);
        Path out = dir.resolve("results");
        String table = TableRegistry.names().getFirst();
        CliErrorsTest.Outcome o = run("replay", good.toString(), "--tables", table, "--no-timing", "--quick", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        List<Path> runs;
        try (Stream<Path> s = Files.list(out)) {
            runs = s.toList();
        }
        assertEquals(1, runs.size());
        Path run = runs.getFirst();
        for (String f : List.of("results.json", "results.csv", "report.html")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        String csv = Files.readString(run.resolve("results.csv"));
        assertTrue(csv.contains("replay-static," + table + ",load,"), csv);
        assertTrue(csv.contains("replay-capture,,forkPair,capture=good.txt;parent=100;child=101,sharedPages,3"), csv);
        for (String strategy : List.of("morsel", "linux", "odf")) {
            assertTrue(csv.contains("replay-dynamic," + table + ",forkReplay,capture=good.txt;strategy=" + strategy), strategy + ":\n" + csv);
        }
        assertTrue(csv.contains("sharingMismatches,0.00000,"), csv);
        assertFalse(csv.matches("(?s).*(sharingMismatches|unplacedPages),[1-9].*"), "the replay reproduced the capture's sharing:\n" + csv);
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("Real captures replayed") && html.contains("<svg"), "the replay section with charts");
        if (org.cowmeta.lab.kernel.ProbeBinary.compiler() != null) {
            assertTrue(csv.contains("replay-real-fork,,realFork,capture=good.txt;pages=4,forkTime,"), "the real fork beside it:\n" + csv);
            assertTrue(html.contains("The real fork on this host of a process with the captured parent's 4 populated"), "in the report");
            assertTrue(csv.contains("replay-real-fork,,realForkShaped,capture=good.txt;regions=1;"), "and of its mapping shape:\n" + csv);
            assertTrue(html.contains("The real fork on this host of a process of the captured parent's mapping shape"), "in the report");
        }
    }

    @Test
    void replayProjectsItsFaultsAndForksOntoTheCachedAndTheGivenKernel() throws IOException {
        Path good = dir.resolve("good.txt");
        Files.writeString(good, GOOD);
        Path metal = Files.writeString(dir.resolve("metal.json"), "{\"machine\": \"metal\", \"figures\": {\"cowFault\": 1500, \"forkPerPage\": 40}}");
        Path out = dir.resolve("results");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        CliErrorsTest.Outcome o;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            o = run("replay", good.toString(), "--tables", "dense,rhashtable", "--no-timing", "--quick",
                    "--strategies", "linux", "--kernel-costs", metal.toString(), "--out", out.toString());
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, o.status(), o.err());
        assertTrue(text.contains("Projected slowdown of the real operation on this host")
                && text.contains("Projected slowdown of the real operation on given: metal"), text);
        assertTrue(text.contains("replay good (linux), fault") && text.contains("one round per table"), text);
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        String csv = Files.readString(run.resolve("results.csv"));
        assertTrue(csv.contains("projection,rhashtable,replay good,capture=good.txt;strategy=linux;parent=100;child=101;rounds=1;"),
                "the replay's rows in the projection section:\n" + csv);
        assertTrue(csv.contains("kernel=given: metal"), "onto the given kernel too");
        assertTrue(Files.readString(run.resolve("report.html")).contains("projected slowdown — replay good (linux)"), "its chart");
    }

    @Test
    void aBadKernelCostsFileIsOneSentenceBeforeTheReplay() throws IOException {
        Path good = dir.resolve("good.txt");
        Files.writeString(good, GOOD);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"figures\": {\"cowFalt\": 1500}}");
        Path out = dir.resolve("results");
        assertUsageError(run("replay", good.toString(), "--kernel-costs", bad.toString(), "--out", out.toString()), "unknown figure 'cowFalt'");
        assertFalse(Files.exists(out), "nothing written");
    }
}
