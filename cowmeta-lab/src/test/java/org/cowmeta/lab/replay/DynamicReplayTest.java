package org.cowmeta.lab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cowmeta.lab.run.SampleCaptureFootprint;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CapturedProcess;
import org.cowmeta.vm.capture.replay.ForkPlan;
import org.junit.jupiter.api.Test;

/**
 * The timed dynamic replay of the shipped sample's fork pair: every table and round gives a
 * result with its times and its traced cost, and the replay reproduces the capture's sharing.
 */
class DynamicReplayTest {
    private static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve(SampleCaptureFootprint.SAMPLE);

    @Test
    void sampleReplayGivesTimesCountsAndTracedCostPerTable() throws IOException {
        Capture c = Capture.load(SAMPLE);
        CapturedProcess child = c.process(21471).orElseThrow();
        ForkPlan plan = ForkPlan.of(c, c.parentOf(child).orElseThrow(), child, 42);
        List<DynamicReplay.Result> all = new DynamicReplay(new DynamicReplay.Settings(0, 2, 42))
                .runStrategy(plan, List.of("dense", "rhashtable"), "morsel");
        assertEquals(List.of("dense", "rhashtable"), all.stream().map(DynamicReplay.Result::table).toList());
        for (DynamicReplay.Result r : all) {
            String m = r.toString();
            assertTrue(r.check().ok(), m);
            assertEquals("morsel", r.strategy(), m);
            assertEquals(plan.pair(), r.pair(), m);
            assertEquals(plan.writes().size(), r.work().faults(), "every replayed write faults once: " + m);
            assertEquals(plan.writes().countCow(), r.work().pageCopies(), m);
            DynamicReplay.Spread fault = r.times().faultPath();
            assertTrue(fault.low() <= fault.median() && fault.median() <= fault.high() && fault.low() > 0, m);
            assertTrue(r.times().cowFaults().median() > 0 && r.times().forkNanos() > 0, m);
            assertTrue(r.traced().loads() >= r.work().refCountFrames() || !r.table().equals("dense"),
                    "every traced dense call loads its counter: " + m);
            assertTrue(r.traced().lines() > 0, m);
        }
    }
}
