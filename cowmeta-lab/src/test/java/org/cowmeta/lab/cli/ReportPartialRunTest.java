package org.cowmeta.lab.cli;

import java.nio.file.Path;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.results.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report refuses the directory of a run that did not finish, in one sentence. */
class ReportPartialRunTest {
    @Test
    void theDirectoryOfAKilledRunIsRefused(@TempDir Path parent) throws Exception {
        RunDirectory d = RunDirectory.create(parent, "killed");
        ResultsIO.writeJson(new Results(), d.path().resolve(ResultsIO.JSON));
        CliErrorsTest.assertUsageError(CliErrorsTest.run("report", d.path().toString()), "did not finish");
    }
}
