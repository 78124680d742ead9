package org.cowmeta.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.cowmeta.lab.kernel.ProbeBinary;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.results.Results;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate's first step on a machine without a C compiler: one sentence, no kernel rows, and the run goes on. */
class LabRunCalibrationTest {
    @AfterEach
    void restore() {
        System.clearProperty(ProbeBinary.CC_PROPERTY);
        System.clearProperty(ProbeBinary.CACHE_PROPERTY);
    }

    @Test
    void withoutACompilerOneSentenceAndNoProjection(@TempDir Path dir) {
        System.setProperty(ProbeBinary.CACHE_PROPERTY, dir.toString());
        System.setProperty(ProbeBinary.CC_PROPERTY, dir.resolve("no-such-cc").toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Results results = new Results();
        LabRun.Request r = new LabRun.Request(Profile.QUICK, List.of("dense"), List.of(), EnumSet.of(Part.MACRO), dir, "test");
        assertNull(LabRun.calibrate(r, results, new PrintStream(log, true, StandardCharsets.UTF_8), 1));
        String said = log.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.contains("no C compiler") && said.contains("left out") && said.endsWith("."), said);
        assertTrue(results.notes().stream().anyMatch(n -> n.startsWith("No C compiler")), "the report says so: " + results.notes());
        assertTrue(results.rows().isEmpty(), "nothing faked");
    }

    @Test
    void theQuickProfileRunsTheProtocolWithDenseAndTheKernelCandidatesOnly(@TempDir Path dir) {
        List<String> asked = List.of("chm", "compact", "rhashtable-locked", "dense", "rhashtable", "clustered", "rosebush");
        LabRun.Request quick = new LabRun.Request(Profile.QUICK, asked, List.of(), EnumSet.of(Part.MACRO), dir, "test");
        assertEquals(List.of("dense", "compact", "rhashtable", "clustered", "rosebush"), LabRun.protocolTables(quick));
        LabRun.Request full = new LabRun.Request(Profile.FULL, asked, List.of(), EnumSet.of(Part.MACRO), dir, "test");
        assertEquals(List.of("dense", "chm", "compact", "rhashtable-locked", "rhashtable", "clustered", "rosebush"),
                LabRun.protocolTables(full));
    }
}
