package org.cowmeta.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cowmeta.lab.kernel.OwnProbeCache;
import org.cowmeta.lab.kernel.ProbeBinary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calibrate's options, its missing-compiler sentence, and its one line per figure. */
class CalibrateCommandTest extends OwnProbeCache {
    @Test
    void badOptionsAreOneSentence() {
        CliErrorsTest.assertUsageError(CliErrorsTest.run("calibrate", "--mib", "1"), "--mib must be between 2");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("calibrate", "--rounds", "0"), "--rounds must be between 1");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("calibrate", "--mib", "lots"), "lots");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("calibrate", "--no-such-option"), "no-such-option");
    }

    @Test
    void aBadKernelCostsFileIsOneSentence(@TempDir Path dir) throws Exception {
        CliErrorsTest.assertUsageError(CliErrorsTest.run("evaluate", "--out", dir.toString(), "--kernel-costs",
                dir.resolve("missing.json").toString()), "missing.json does not exist");
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.json"), "{\"figures\": {\"cowFault\": -3}}");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("evaluate", "--out", dir.toString(), "--kernel-costs", bad.toString()),
                "no positive");
    }

    @Test
    void aMissingCompilerIsOneSentenceAndExitTwo() {
        System.setProperty(ProbeBinary.CC_PROPERTY, cache.resolve("no-such-cc").toString());
        CliErrorsTest.Outcome o = CliErrorsTest.run("calibrate", "--mib", "8", "--rounds", "1");
        CliErrorsTest.assertUsageError(o, "no C compiler");
        assertTrue(o.err().contains("projections onto it are left out"), o.err());
    }

    @Test
    void printsOneLinePerFigureWithItsInterval() {
        assumeTrue(ProbeBinary.compiler() != null, "no C compiler on this machine");
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = CliErrorsTest.run("calibrate", "--mib", "8", "--rounds", "2").status();
        } finally {
            System.setOut(before);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        for (String label : new String[] {"fork, per populated 4 KiB page", "COW write fault", "reuse fault", "first-touch fault",
                "exit of a child", "4 KiB copy"}) {
            String line = text.lines().filter(l -> l.contains(label)).findFirst().orElse("");
            assertTrue(line.matches(".* -?[0-9.e+]+ \\[-?[0-9.e+]+, -?[0-9.e+]+\\] ns .*"), "'" + label + "' with its interval: " + text);
        }
    }
}
