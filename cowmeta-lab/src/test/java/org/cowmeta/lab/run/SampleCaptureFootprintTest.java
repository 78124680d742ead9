package org.cowmeta.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.cowmeta.lab.report.TargetLine;
import org.cowmeta.lab.report.Targets;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.junit.jupiter.api.Test;

/** The shipped sample capture is found from the repository root and its static replay feeds the bytes targets. */
class SampleCaptureFootprintTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // tests run in cowmeta-lab/

    @Test
    void sampleCaptureRowsFeedTheBytesTargets() throws Exception {
        assertTrue(SampleCaptureFootprint.available(ROOT), "the sample capture ships at " + ROOT.resolve(SampleCaptureFootprint.SAMPLE));
        Results r = new Results();
        SampleCaptureFootprint.measure(ROOT.resolve(SampleCaptureFootprint.SAMPLE), List.of("dense", "compact"), r);
        List<ResultRow> bytes = r.rows(x -> x.section().equals("replay-static") && x.metric().equals("modeledBytesPerCounted"));
        assertEquals(List.of("dense", "compact"), bytes.stream().map(ResultRow::table).toList());
        assertTrue(r.rows(x -> x.metric().equals("countsExact")).stream().allMatch(x -> x.value() == 1), "counts exact");
        assertTrue(r.rows(x -> x.section().equals("replay-capture") && x.metric().equals("countedFrames")).getFirst().value() > 1000);
        TargetLine compact = Targets.of(r).stream().filter(l -> l.id().equals("compact-bytes")).findFirst().orElseThrow();
        assertTrue(compact.configuration().contains("redis-small-bgsave"), compact.configuration());
        assertEquals(bytes.get(1).value(), compact.measured().estimate(), 1e-12);
    }
}
