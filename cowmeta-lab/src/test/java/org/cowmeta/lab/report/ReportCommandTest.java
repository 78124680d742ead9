package org.cowmeta.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cowmeta.lab.cli.Main;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.results.SampleResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cowmeta report DIR} re-renders report.html from results.json alone. */
class ReportCommandTest {
    @Test
    void rerendersFromResultsJson(@TempDir Path dir) throws Exception {
        ResultsIO.writeJson(SampleResults.make(21), dir.resolve(ResultsIO.JSON));
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("report", dir.toString()), err.toString());
        String html = Files.readString(dir.resolve(ReportRenderer.FILE));
        assertTrue(html.contains("Summary: the tables ranked") && html.contains("<svg"), "report rendered");
    }
}
