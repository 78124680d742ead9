package org.cowmeta.lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @Test
    void aRunIsPartialUntilCommittedThenAppearsWhole(@TempDir Path parent) throws Exception {
        RunDirectory d = RunDirectory.create(parent, "20261207-010203");
        Files.writeString(d.path().resolve("results.json"), "{}");
        assertTrue(RunDirectory.isPartial(d.path()));
        assertFalse(Files.exists(parent.resolve("20261207-010203")), "nothing complete-looking before the end");
        assertEquals(List.of(d.path()), RunDirectory.unfinished(parent));

        Path done = d.commit();
        assertEquals(parent.resolve("20261207-010203"), done);
        assertTrue(Files.isRegularFile(done.resolve("results.json")));
        assertFalse(Files.exists(d.path()));
        assertTrue(RunDirectory.unfinished(parent).isEmpty());
    }

    @Test
    void aTakenNameGetsASuffixWhetherCompleteOrPartial(@TempDir Path parent) throws Exception {
        RunDirectory first = RunDirectory.create(parent, "x");
        RunDirectory second = RunDirectory.create(parent, "x");
        assertEquals(parent.resolve("x-2"), second.finalPath(), "a partial x holds the name");
        first.commit();
        second.commit();
        assertEquals(parent.resolve("x-3"), RunDirectory.create(parent, "x").finalPath());
    }
}
