package org.cowmeta.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.results.SampleResults;
import org.cowmeta.lab.stats.Threshold;
import org.cowmeta.lab.stats.Threshold.Bound;
import org.cowmeta.lab.stats.Threshold.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target lines from synthetic results: verdicts, ratio directions, paired intervals, size choice, missing rows, output. */
class TargetsTest {

    @Test
    void aRatioNextToItsThresholdPrintsTheDigitsThatTellThemApart() {
        TargetLine missed = ratio(1.1004, Bound.AT_MOST, 1.1);
        assertEquals("1.1004×", missed.measuredText());
        assertEquals(Verdict.NOT_MET, missed.verdict());
        assertEquals("1.098×", ratio(1.098, Bound.AT_MOST, 1.1).measuredText());
        assertEquals("1.12×", ratio(1.1234, Bound.AT_MOST, 1.1).measuredText());
        assertEquals("1.1×", ratio(1.1, Bound.AT_MOST, 1.1).measuredText());
        assertEquals("2.12×", ratio(2.1234, Bound.AT_LEAST, 3).measuredText());
        assertEquals("1234×", ratio(1234.4, Bound.AT_LEAST, 3).measuredText());
    }

    private static TargetLine ratio(double measured, Bound bound, double threshold) {
        return new TargetLine("id", "target", "configuration", "a", "getHit", 1, "b", "getHit", 1, "ns/op",
                TargetLine.exact(measured), "×", new Threshold(bound, threshold), "");
    }

    @Test
    void anIntervalAcrossTheThresholdIsInconclusiveAndTheRatioIsPairedByRound() {
        Results r = new Results();
        // Round by round rhashtable is 2.5 to 3.5 times compact's time, while both drift 4x over the rounds:
        // pairing removes the drift, and the interval of the ratio straddles 3.
        double[] compact = {20, 40, 80, 30, 60, 25, 45, 35};
        double[] ratios = {2.5, 3.5, 2.6, 3.4, 2.9, 3.1, 2.7, 3.3};
        double[] rh = new double[compact.length];
        for (int i = 0; i < rh.length; i++) {
            rh[i] = compact[i] * ratios[i];
        }
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", compact));
        r.add(micro("rhashtable", "getHit", 22, "uniform", "quiet", rh));
        TargetLine get = line(r, "compact-vs-rhashtable-getHit");
        assertEquals(Verdict.INCONCLUSIVE, get.verdict(), get.measuredText());
        assertTrue(get.measured().low() < 3 && get.measured().high() > 3, get.measuredText());
        assertTrue(get.measured().low() >= 2.5 && get.measured().high() <= 3.5, "within the per-round ratios: " + get.measuredText());
        assertEquals(8, get.measured().n());
        assertTrue(get.measuredText().matches("[23]\\.\\d+× \\[2\\.\\d+, 3\\.\\d+\\]"), get.measuredText());

        // The same spread well above the threshold is met.
        Results high = new Results();
        high.add(micro("compact", "getHit", 22, "uniform", "quiet", compact));
        double[] rh2 = rh.clone();
        for (int i = 0; i < rh2.length; i++) {
            rh2[i] *= 2;
        }
        high.add(micro("rhashtable", "getHit", 22, "uniform", "quiet", rh2));
        assertEquals(Verdict.MET, line(high, "compact-vs-rhashtable-getHit").verdict());
        ResultRow row = line(high, "compact-vs-rhashtable-getHit").toRow();
        assertTrue(row.low() > 3 && row.high() > row.low(), "the row carries the interval in low/high: " + row);
    }

    @Test
    void theRerunOfALineNamesWhatItCompares() {
        Results r = new Results();
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", 50));
        r.add(micro("fastutil", "getHit", 22, "uniform", "quiet", 70));
        r.add(micro("nbhml", "getHit", 22, "uniform", "quiet", 55));
        TargetLine.Rerun rr = line(r, "compact-vs-peer-getHit").rerun();
        assertEquals(TargetLine.Rerun.Kind.MICRO, rr.kind());
        assertEquals(List.of("getHit", "getHit"), rr.benchmarks(), "the subject's benchmark, then the reference's");
        assertEquals(List.of("compact", "nbhml"), rr.tables(), "the subject and the fastest peer");
        assertEquals(22, rr.log2Size());
        assertEquals(TargetLine.Rerun.Kind.NONE, line(r, "compact-bytes").rerun().kind());
    }

    @Test
    void speedIsAnchorOverSubjectAndMeetsOrMissesTheThreshold() {
        Results r = new Results();
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", 20));
        r.add(micro("rhashtable", "getHit", 22, "uniform", "quiet", 80));
        r.add(micro("compact", "insertRemove", 22, "uniform", "quiet", 50));
        r.add(micro("rhashtable", "insertRemove", 22, "uniform", "quiet", 100));
        TargetLine get = line(r, "compact-vs-rhashtable-getHit");
        assertEquals(4.0, get.measured().estimate(), 1e-9, "rhashtable's time ÷ compact's, not the inverse");
        assertEquals(20, get.subjectValue(), 1e-9);
        assertEquals(80, get.referenceValue(), 1e-9);
        assertEquals(Verdict.MET, get.verdict());
        assertTrue(get.configuration().contains("2^22") && get.configuration().contains("uniform"), get.configuration());
        TargetLine upd = line(r, "compact-vs-rhashtable-insertRemove");
        assertEquals(2.0, upd.measured().estimate(), 1e-9);
        assertEquals(Verdict.NOT_MET, upd.verdict(), "2x is short of 3x");
    }

    @Test
    void missingRowsAreNotMeasuredAndSayWhich() {
        Results r = new Results();
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", 20));
        TargetLine get = line(r, "compact-vs-rhashtable-getHit");
        assertEquals(Verdict.NOT_MEASURED, get.verdict());
        assertTrue(get.note().contains("rhashtable getHit"), get.note());
        TargetLine resize = line(r, "compact-vs-rhashtable-resizing");
        assertEquals(Verdict.NOT_MEASURED, resize.verdict());
        assertTrue(line(r, "fork-snapshot-fault").note().contains("no macro rows"));
        assertEquals(Verdict.NOT_MEASURED, line(r, "compact-bytes").verdict());
        assertEquals("not measured in this run", resize.verdict().text);
    }

    @Test
    void largestCommonSizeStandsInFor22AndIsNamed() {
        Results r = new Results();
        for (int size : new int[] {16, 20}) {
            r.add(micro("compact", "getMiss", size, "uniform", "quiet", size));
            r.add(micro("rhashtable", "getMiss", size, "uniform", "quiet", 4 * size));
        }
        r.add(micro("compact", "getMiss", 24, "uniform", "quiet", 1)); // rhashtable did not run 2^24: not comparable
        TargetLine l = line(r, "compact-vs-rhashtable-getMiss");
        assertTrue(l.configuration().contains("2^20"), l.configuration());
        assertTrue(l.note().contains("2^20"), l.note());
        assertEquals(20, l.subjectValue(), 1e-9);

        r.add(micro("compact", "getMiss", 22, "uniform", "quiet", 22));
        r.add(micro("rhashtable", "getMiss", 22, "uniform", "quiet", 66));
        r.add(micro("rhashtable", "getMiss", 24, "uniform", "quiet", 2));
        TargetLine at22 = line(r, "compact-vs-rhashtable-getMiss");
        assertEquals(3.0, at22.measured().estimate(), 1e-9, "2^22 is preferred over a larger size");
        assertTrue(at22.note().isEmpty(), at22.note());
    }

    @Test
    void otherThreadCountsUtilisationsAndPhasesAreNotMixedIn() {
        Results r = new Results();
        r.add(micro("compact", "resizeInsertRemove", 22, "uniform", "quiet", 10));
        r.add(micro("rhashtable", "resizeInsertRemove", 22, "uniform", "quiet", 100));
        r.add(micro("compact", "resizeInsertRemove", 22, "uniform", "resizing", 40));
        r.add(micro("rhashtable", "resizeInsertRemove", 22, "uniform", "resizing", 100));
        Map<String, String> twoThreads = new LinkedHashMap<>(params(22, "uniform", "resizing"));
        twoThreads.put("threads", "2");
        r.add(ResultRow.of("micro", "compact", "resizeInsertRemove", twoThreads, "time", 1, "ns/op"));
        TargetLine l = line(r, "compact-vs-rhashtable-resizing");
        assertEquals(2.5, l.measured().estimate(), 1e-9, "the resizing rows at 1 thread, not the quiet ones");
        assertEquals(Verdict.NOT_MET, l.verdict());
    }

    @Test
    void insertRemoveDividesByTheFasterRhashtableVariant() {
        Results r = new Results();
        r.add(micro("compact", "insertRemove", 22, "uniform", "quiet", 50));
        r.add(micro("rhashtable", "insertRemove", 22, "uniform", "quiet", 100));
        r.add(micro("rhashtable-locked", "insertRemove", 22, "uniform", "quiet", 90));
        TargetLine l = line(r, "compact-vs-rhashtable-insertRemove");
        assertEquals("rhashtable-locked", l.reference(), "the locked variant inserts and unlinks with one walk, not two");
        assertEquals(1.8, l.measured().estimate(), 1e-9);
        assertTrue(l.note().startsWith("faster anchor variant: rhashtable-locked") && l.note().contains("(rhashtable: 100"), l.note());
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", 20));
        r.add(micro("rhashtable", "getHit", 22, "uniform", "quiet", 80));
        assertEquals("rhashtable", line(r, "compact-vs-rhashtable-getHit").reference(),
                "lookups are the lockless anchor's, whichever variant updates faster");
    }

    @Test
    void fastestPeerIsTheReference() {
        Results r = new Results();
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", 50));
        r.add(micro("fastutil", "getHit", 22, "uniform", "quiet", 70));
        r.add(micro("agrona", "getHit", 22, "uniform", "quiet", 55));
        TargetLine l = line(r, "compact-vs-peer-getHit");
        assertEquals("agrona", l.reference());
        assertEquals(1.1, l.measured().estimate(), 1e-9);
        assertEquals(Verdict.NOT_MET, l.verdict(), "1.1x is short of 1.2x");
        assertTrue(l.note().contains("fastutil"), l.note());
    }

    @Test
    void densityBytesAreJudgedAtTheWorstDensity() {
        Results r = new Results();
        r.add(density("clustered", 1, 112));
        r.add(density("clustered", 512, 2.1));
        r.add(density("rhashtable", 1, 96));
        r.add(density("rhashtable", 512, 90));
        TargetLine l = line(r, "clustered-density-bytes");
        assertEquals(112, l.measured().estimate(), 1e-9);
        assertEquals(Verdict.NOT_MET, l.verdict());
        assertEquals(96, l.referenceValue(), 1e-9, "the anchor at the same density");
        assertTrue(l.configuration().contains("density 1 per"), l.configuration());
        Results good = new Results();
        good.add(density("clustered", 1, 9.5));
        good.add(density("clustered", 512, 2.1));
        assertEquals(Verdict.MET, line(good, "clustered-density-bytes").verdict());
        assertEquals(Verdict.NOT_MEASURED, line(new Results(), "clustered-density-bytes").verdict());
    }

    @Test
    void densityWinnersAreCondensedIntoRuns() {
        Results r = new Results();
        for (int d = 1; d <= 512; d *= 2) {
            r.add(density("compact", d, 16));
            r.add(density("clustered", d, 112.0 / d + 1.5));
        }
        assertEquals("Fewest modeled bytes per counted frame by density: compact at 1-4 per area (16.0-16.0 B); "
                + "clustered at 8-512 per area (15.5-1.72 B).", DensityWinners.sentence(r));
        assertEquals("", DensityWinners.sentence(new Results()));
    }

    private static ResultRow density(String table, int framesPerArea, double bytes) {
        return ResultRow.of(DensityWinners.SECTION, table, "density", Map.of("framesPerArea", Integer.toString(framesPerArea),
                "counted", "16384"), DensityWinners.METRIC, bytes, "B");
    }

    @Test
    void batchAgainstSingleCalls() {
        Results r = new Results();
        r.add(micro("clustered", "pageTableBatch", 22, "clustered", "quiet", 10_000));
        r.add(micro("clustered", "pageTableSingle", 22, "clustered", "quiet", 25_000));
        r.add(micro("rhashtable", "pageTableSingle", 22, "clustered", "quiet", 30_000));
        r.add(micro("rhashtable", "pageTableBatch", 22, "clustered", "quiet", 1)); // not what the target compares
        TargetLine vsAnchor = line(r, "clustered-batch-vs-rhashtable-single");
        assertEquals(3.0, vsAnchor.measured().estimate(), 1e-9);
        assertEquals(Verdict.NOT_MET, vsAnchor.verdict());
        TargetLine vsOwn = line(r, "clustered-batch-vs-own-single");
        assertEquals(2.5, vsOwn.measured().estimate(), 1e-9);
        assertEquals(Verdict.MET, vsOwn.verdict());
        assertTrue(vsOwn.subjectText().contains("pageTableBatch") && vsOwn.referenceText().contains("pageTableSingle"));
    }

    @Test
    void bytesAreHeldAgainstTheThresholdAndACapturePrevailsOverRandomFrames() {
        Results r = new Results();
        Map<String, String> fp = Map.of("counted", "131072", "memoryFrames", "4194304");
        r.add(ResultRow.of("footprint", "compact", "fill", fp, "modeledBytesPerEntry", 11, "B"));
        r.add(ResultRow.of("footprint", "clustered", "fill", fp, "modeledBytesPerEntry", 5, "B"));
        r.add(ResultRow.of("footprint", "rhashtable", "fill", fp, "modeledBytesPerEntry", 24, "B"));
        TargetLine compact = line(r, "compact-bytes");
        assertEquals(11, compact.measured().estimate(), 1e-9, "the bytes themselves, not a ratio");
        assertEquals(Verdict.MET, compact.verdict());
        assertEquals(24, compact.referenceValue(), 1e-9);
        assertTrue(compact.note().contains("stand-in"), compact.note());
        TargetLine clustered = line(r, "clustered-bytes");
        assertEquals(Verdict.NOT_MET, clustered.verdict());

        Map<String, String> cap = Map.of("capture", "redis-small-bgsave.txt.gz", "counted", "90000");
        r.add(ResultRow.of("replay-static", "clustered", "load", cap, "modeledBytesPerCounted", 3.5, "B"));
        TargetLine fromCapture = line(r, "clustered-bytes");
        assertEquals(Verdict.MET, fromCapture.verdict());
        assertTrue(fromCapture.configuration().contains("redis-small-bgsave"), fromCapture.configuration());
        assertTrue(fromCapture.note().isEmpty(), fromCapture.note());
    }

    @Test
    void endToEndTakesTheFastestLeanTableAgainstDense() {
        Results r = new Results();
        // struct page is 1.5625% of memory: a tenth of it is 0.15625%
        macro(r, "fork-snapshot", "dense", 1000, 1.5625, 1_000_000);
        macro(r, "fork-snapshot", "chm", 1020, 0.5, 320_000); // fastest, but a third of struct page's bytes
        macro(r, "fork-snapshot", "compact", 1080, 0.1, 64_000);
        macro(r, "fork-snapshot", "rhashtable", 1300, 0.12, 76_800);
        TargetLine fault = line(r, "fork-snapshot-fault");
        assertEquals("compact", fault.subject());
        assertEquals(1.08, fault.measured().estimate(), 1e-9, "compact's median ÷ dense's");
        assertEquals(Verdict.MET, fault.verdict());
        TargetLine meta = line(r, "fork-snapshot-metadata");
        assertEquals(0.064, meta.measured().estimate(), 1e-9);
        assertEquals(1_000_000, meta.referenceValue(), 1e-3, "struct page's bytes for the same memory");
        assertEquals(Verdict.MET, meta.verdict());
        assertEquals(Verdict.NOT_MEASURED, line(r, "copy-on-read-fault").verdict());

        Results slow = new Results();
        macro(slow, "copy-on-read", "dense", 1000, 1.5625, 1_000_000);
        macro(slow, "copy-on-read", "compact", 1200, 0.2, 128_000);
        TargetLine f = line(slow, "copy-on-read-fault");
        assertEquals(Verdict.NOT_MET, f.verdict());
        assertTrue(f.note().contains("no table's metadata"), f.note());
        assertEquals(Verdict.NOT_MET, line(slow, "copy-on-read-metadata").verdict());
    }

    @Test
    void linesBecomeRowsInJsonAndCsvAndTheReportShowsThemAfterTheSummary(@TempDir Path dir) throws Exception {
        Results r = SampleResults.make(3);
        r.add(micro("compact", "getHit", 22, "uniform", "quiet", 20));
        r.add(micro("rhashtable", "getHit", 22, "uniform", "quiet", 80));
        Targets.addRows(r);
        int rows = r.section(Targets.SECTION).size();
        assertEquals(Targets.of(r).size(), rows);
        Targets.addRows(r);
        assertEquals(rows, r.section(Targets.SECTION).size(), "added once");
        ResultRow get = r.section(Targets.SECTION).stream().filter(x -> x.benchmark().equals("compact-vs-rhashtable-getHit"))
                .findFirst().orElseThrow();
        assertEquals(4.0, get.value(), 1e-9);
        assertEquals("met", get.param("verdict", ""));
        assertEquals("compact", get.table());

        ResultsIO.writeJson(r, dir.resolve("results.json"));
        ResultsIO.writeCsv(r, dir.resolve("results.csv"));
        Results back = ResultsIO.readJson(dir.resolve("results.json"));
        assertEquals(rows, back.section(Targets.SECTION).size());
        assertEquals(Targets.of(r).stream().map(TargetLine::verdict).toList(), Targets.of(back).stream().map(TargetLine::verdict).toList(),
                "the stored target rows do not feed the targets");
        assertTrue(Files.readString(dir.resolve("results.csv")).contains("targets,compact,compact-vs-rhashtable-getHit"));

        String html = ReportRenderer.render(back);
        int summary = html.indexOf("id=\"summary\"");
        int targets = html.indexOf("id=\"targets\"");
        int probe = html.indexOf("id=\"probe");
        assertTrue(summary >= 0 && targets > summary && (probe < 0 || targets < probe), "Targets right after the summary");
        assertFalse(html.contains("id=\"other\"") && html.substring(html.indexOf("id=\"other\"")).contains("compact-vs-rhashtable"),
                "target rows are not repeated among other figures");
        assertTrue(Targets.text(Targets.of(back)).contains("[met]"));
    }

    private static TargetLine line(Results r, String id) {
        return Targets.of(r).stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no target line " + id));
    }

    private static Map<String, String> params(int size, String keys, String phase) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("counted", "2^" + size);
        p.put("log2Size", Integer.toString(size));
        p.put("utilisation", "medium");
        p.put("keys", keys);
        p.put("threads", "1");
        p.put("sharing", "disjoint");
        p.put("phase", phase);
        p.put("load", "0.500");
        return p;
    }

    /** A micro row measured in six rounds, each exactly {@code ns}. */
    private static ResultRow micro(String table, String bench, int size, String keys, String phase, double ns) {
        return micro(table, bench, size, keys, phase, new double[] {ns, ns, ns, ns, ns, ns});
    }

    private static ResultRow micro(String table, String bench, int size, String keys, String phase, double[] rounds) {
        double median = org.cowmeta.lab.stats.MedianInterval.of(rounds, 0.95).estimate();
        List<Double> samples = java.util.Arrays.stream(rounds).boxed().toList();
        return new ResultRow("micro", table, bench, params(size, keys, phase), "time", median,
                bench.startsWith("pageTable") ? "ns/pt" : "ns/op", median * 0.05, median * 0.9, median * 1.2, 3, 2, samples);
    }

    private static void macro(Results r, String scenario, String table, double p50, double sharePercent, double metadataBytes) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("memoryMiB", "256");
        p.put("writeFraction", "0.5");
        p.put("pattern", "uniform");
        p.put("threads", "1");
        p.put("children", "1");
        p.put("strategy", "morsel");
        p.put("rounds", "1");
        r.add(ResultRow.of("macro", table, scenario, p, "faultLatencyP50", p50, "ns")
                .withSamples(List.of(p50, p50, p50, p50, p50, p50)));
        r.add(ResultRow.of("macro", table, scenario, p, "metadataShareOfMemory", sharePercent, "%"));
        r.add(ResultRow.of("macro", table, scenario, p, "metadataBytes", metadataBytes, "B"));
        Map<String, String> q = new LinkedHashMap<>(p);
        q.put("quantile", "0.5");
        r.add(ResultRow.of("macro", table, scenario, q, "faultLatencyCdf", p50, "ns"));
    }
}
