package org.cowmeta.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tune command is listed, explains itself, and refuses tables that declare nothing to tune. */
class TuneCommandTest {
    @Test
    void helpAndListing() {
        CliErrorsTest.Outcome help = CliErrorsTest.run("tune", "--help");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("loadFactor") && help.out().contains("--profile"), help.out());
        assertTrue(CliErrorsTest.run("--help").out().contains("tune"));
    }

    @Test
    void tablesWithoutOptionsAreAUsageError() {
        CliErrorsTest.assertUsageError(CliErrorsTest.run("tune", "--tables", "dense", "--out",
                System.getProperty("java.io.tmpdir")), "declares tunable options");
    }
}
