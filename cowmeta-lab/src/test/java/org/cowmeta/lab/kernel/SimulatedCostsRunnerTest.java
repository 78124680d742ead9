package org.cowmeta.lab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the calibration's simulator runner says of a failed worker, and how long it waits for one. */
class SimulatedCostsRunnerTest {
    @TempDir
    Path dir;

    @Test
    void theFirstErrorLineOfAWorkerReachesTheLog() throws IOException {
        Path err = dir.resolve("err");
        Files.writeString(err, """
                WARNING: Using incubator modules: jdk.incubator.vector
                Exception in thread "compact-migrator" java.lang.IllegalStateException: resize target full at 4 buckets
                \tat org.cowmeta.tables.compact.CompactTable.placeCopy(CompactTable.java:755)
                Exception in thread "main" java.lang.IllegalStateException: a later one
                """);
        assertEquals(" (first error: Exception in thread \"compact-migrator\" java.lang.IllegalStateException: resize target full at 4 buckets)",
                SimulatedCostsRunner.firstError(err));
    }

    @Test
    void aWorkerThatPrintedNoErrorAddsNothing() throws IOException {
        Path err = dir.resolve("err");
        Files.writeString(err, "WARNING: Using incubator modules: jdk.incubator.vector\n");
        assertEquals("", SimulatedCostsRunner.firstError(err));
    }

    @Test
    void aLargerRegionMayRunLonger() {
        assertEquals(120, SimulatedCostsRunner.timeoutSeconds(128));
        assertEquals(256, SimulatedCostsRunner.timeoutSeconds(1024));
    }
}
