package org.cowmeta.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.report.Comparison;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare: verdicts per figure, the threshold's exit status, warnings, and bad input. */
class CompareCommandTest {
    private static final double[] NOISE = {1.00, 1.03, 0.98, 1.01, 0.99, 1.02, 0.97, 1.00};

    /** A run: compact's getHit and getMiss as given, four other tables' getHit at 100 ns times {@code machine}. */
    private static Results run(String cpu, double getHit, double getMiss, double bytes) {
        return run(cpu, getHit, getMiss, bytes, 1);
    }

    private static Results run(String cpu, double getHit, double getMiss, double bytes, double machine) {
        Results r = new Results();
        r.run("profile", "quick");
        r.machine(Map.of("cpu", cpu, "cores", "2"));
        r.add(time("compact", "getHit", getHit));
        r.add(time("compact", "getMiss", getMiss));
        for (String t : List.of("dense", "rhashtable", "chm", "nbhml")) {
            r.add(time(t, "getHit", 100 * machine));
        }
        r.add(ResultRow.of("footprint", "compact", "fill", Map.of("counted", "131072"), "modeledBytesPerEntry", bytes, "B"));
        return r;
    }

    private static ResultRow time(String table, String bench, double ns) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("log2Size", "22");
        p.put("keys", "uniform");
        p.put("load", String.valueOf(ns)); // measured, so not part of the figure's name
        List<Double> samples = java.util.Arrays.stream(NOISE).map(x -> x * ns).boxed().toList();
        return ResultRow.of("micro", table, bench, p, "time", ns, "ns/op").withSamples(samples);
    }

    private static Path write(Path dir, String name, Results r) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        ResultsIO.writeJson(r, d.resolve(ResultsIO.JSON));
        return d;
    }

    @Test
    void aShiftOfTheWholeRunIsDividedOutAndNamed() {
        Comparison c = Comparison.of(run("x", 50, 40, 16, 1), run("x", 60, 48, 16, 1.2));
        assertEquals(1.2, c.shifts().get("micro"), 1e-9, "every time moved by +20%: the machine, not the code");
        assertTrue(c.lines().stream().allMatch(l -> l.change() == Comparison.Change.SAME), "nothing changed relative to the run");
        Comparison raw = Comparison.of(run("x", 50, 40, 16, 1), run("x", 60, 48, 16, 1.2), 0.10, true);
        assertTrue(raw.lines().stream().filter(l -> l.figure().startsWith("micro"))
                .allMatch(l -> l.change() == Comparison.Change.SLOWER), "--absolute judges the raw +20%");
        assertTrue(c.text().contains("run-wide shift") && c.text().contains("+20.0%"), c.text());
    }

    @Test
    void verdictsFollowTheIntervalsAndTheNoiseFloor() {
        Comparison c = Comparison.of(run("x", 50, 40, 16), run("x", 60, 40.4, 13));
        Map<String, Comparison.Line> byFigure = new LinkedHashMap<>();
        c.lines().stream().filter(l -> l.figure().contains(" compact "))
                .forEach(l -> byFigure.put(l.figure().split(" ")[2] + " " + l.figure().substring(l.figure().lastIndexOf(' ') + 1), l));
        Comparison.Line hit = byFigure.get("getHit time");
        assertEquals(Comparison.Change.SLOWER, hit.change(), hit.changeText());
        assertEquals(1.2, hit.ratio().estimate(), 1e-9);
        assertTrue(hit.ratio().low() > 1.1 && hit.ratio().high() < 1.3, hit.changeText());
        assertEquals(Comparison.Change.SAME, byFigure.get("getMiss time").change(), "1% is inside the rounds' noise");
        assertEquals(Comparison.Change.SMALLER, byFigure.get("fill modeledBytesPerEntry").change());
        assertTrue(c.warnings().isEmpty());
        assertEquals(1, c.regressions(0.05).size());
        assertTrue(c.regressions(0.25).isEmpty(), "20% is not beyond a 25% threshold");
        Comparison strict = Comparison.of(run("x", 50, 40, 16), run("x", 60, 40.4, 13), 0.25, false);
        assertEquals(Comparison.Change.SAME, strict.lines().stream().filter(l -> l.figure().contains("getHit")
                && l.figure().contains("compact")).findFirst().orElseThrow().change(), "20% is inside a 25% noise floor");
    }

    @Test
    void thresholdSetsTheExitStatus(@TempDir Path dir) throws Exception {
        Path a = write(dir, "a", run("x", 50, 40, 16));
        Path b = write(dir, "b", run("x", 60, 40, 16));
        assertEquals(0, CliErrorsTest.run("compare", a.toString(), b.toString()).status(), "without a threshold: 0");
        CliErrorsTest.Outcome o = CliErrorsTest.run("compare", a.toString(), b.toString(), "--threshold", "5%");
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("slower"), o.out());
        assertEquals(0, CliErrorsTest.run("compare", a.toString(), b.resolve(ResultsIO.JSON).toString(), "--threshold", "25%").status());
        assertEquals(0, CliErrorsTest.run("compare", b.toString(), a.toString(), "--threshold", "5%").status(), "faster is fine");
        assertEquals(0, CliErrorsTest.run("compare", a.toString(), a.toString(), "--threshold", "0%").status(),
                "a run against itself changes nothing");
    }

    @Test
    void differentMachinesAreComparedWithAWarning(@TempDir Path dir) throws Exception {
        Path a = write(dir, "a", run("EPYC", 50, 40, 16));
        Path b = write(dir, "b", run("Xeon", 50, 40, 16));
        CliErrorsTest.Outcome o = CliErrorsTest.run("compare", a.toString(), b.toString());
        assertEquals(0, o.status());
        assertTrue(o.out().startsWith("warning: the runs were made on different machines"), o.out());
    }

    @Test
    void badInputIsOneSentence(@TempDir Path dir) throws Exception {
        Path a = write(dir, "a", run("x", 50, 40, 16));
        CliErrorsTest.assertUsageError(CliErrorsTest.run("compare", a.toString(), dir.resolve("missing").toString()), "missing");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("compare", a.toString(), a.toString(), "--threshold", "lots"), "--threshold");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("compare", a.toString(), a.toString(), "--noise", "-3%"), "--noise");
        Path empty = write(dir, "empty", new Results());
        CliErrorsTest.assertUsageError(CliErrorsTest.run("compare", a.toString(), empty.toString()), "no figure in common");
        Files.writeString(dir.resolve("broken.json"), "{");
        CliErrorsTest.assertUsageError(CliErrorsTest.run("compare", a.toString(), dir.resolve("broken.json").toString()), "broken.json");
    }
}
