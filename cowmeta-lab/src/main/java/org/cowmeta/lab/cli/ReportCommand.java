package org.cowmeta.lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.results.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Re-renders report.html of a results directory from its results.json. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-renders DIR/report.html from DIR/results.json (for example after the renderer changed).")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A results directory, e.g. results/20261124-050000.")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("'" + dir + "' is not a directory");
        }
        if (RunDirectory.isPartial(dir)) {
            throw new UsageException("'" + dir + "' is the directory of a run that did not finish (killed or failed), so its "
                    + "figures are incomplete and no report is made from it");
        }
        Path json = dir.resolve(ResultsIO.JSON);
        if (!Files.isRegularFile(json)) {
            throw new UsageException("'" + dir + "' holds no " + ResultsIO.JSON + ", so it is not a results directory");
        }
        Results results;
        try {
            results = ResultsIO.readJson(json);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            Path out = ReportRenderer.write(results, dir);
            System.out.println(out);
        } catch (IOException e) {
            throw new UsageException("cannot write " + dir.resolve(ReportRenderer.FILE) + ": " + e.getMessage());
        }
        return 0;
    }
}
