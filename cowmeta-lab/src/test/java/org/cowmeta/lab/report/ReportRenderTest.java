package org.cowmeta.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.SampleResults;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html renders, is self-contained, and a real browser (headless Chromium) sees its charts and summary. */
class ReportRenderTest {

    @Test
    void reportIsSelfContainedWithChartsAndSummary(@TempDir Path dir) throws Exception {
        Results r = SampleResults.make(11);
        String html = ReportRenderer.render(r);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no network references");
        assertFalse(html.contains("<script"), "no script");
        assertTrue(count(html, "<svg") >= 5, "charts drawn: " + count(html, "<svg"));
        assertTrue(html.contains("summary"), "summary table");
        assertTrue(html.contains("Test CPU &lt;&amp;&gt;"), "escaped machine fact");
        assertFalse(html.contains("<markup>"), "notes escaped");
        assertTrue(html.contains("someone-else"), "unclaimed rows still shown");
    }

    @Test
    void summaryRanksWithAnchorRatios() {
        Summary s = Summary.of(SampleResults.make(5));
        assertEquals(List.of("dense", "rhashtable", "ours"), s.lines().stream().map(Summary.Line::table).toList());
        assertTrue(s.columns().contains("time ÷ rhashtable") && s.columns().contains("time ÷ dense"));
        Summary.Line dense = s.lines().getFirst();
        assertEquals(1.0, dense.figures().get("time ÷ dense"), 1e-9);
        double vsDense = s.lines().get(1).figures().get("time ÷ dense");
        assertEquals(1.7, vsDense, 0.15, "rhashtable's times are about 1.7x dense's in the sample");
        assertTrue(s.text().lines().count() == 4, s.text());
    }

    @Test
    void chromiumSeesChartsAndSummary(@TempDir Path dir) throws Exception {
        String chromium = findChromium();
        Assumptions.assumeTrue(chromium != null,
                "SKIPPED: no chromium binary on PATH (CI installs it in .ci/run); the browser check of report.html did not run");
        Results r = SampleResults.make(13);
        Path report = ReportRenderer.write(r, dir);
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", report.toUri().toString()));
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s; log: " + Files.readString(dir.resolve("chromium.log")));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(dom.contains("<h1>cowmeta report</h1>"), "the browser parsed the report: " + dom.length() + " chars");
        assertTrue(count(dom, "<svg") >= 5, "svg charts in the DOM: " + count(dom, "<svg"));
        assertTrue(count(dom, "<path") >= 3 && count(dom, "<rect") >= 10, "charts have lines and bars");
        assertTrue(dom.contains("class=\"figures summary\""), "summary table in the DOM");
        assertTrue(dom.contains("rhashtable") && dom.contains("time ÷ dense"), "summary has tables and anchor ratios");
    }

    static String findChromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(d, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
