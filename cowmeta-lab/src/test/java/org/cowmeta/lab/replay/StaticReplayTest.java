package org.cowmeta.lab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.cowmeta.lab.run.SampleCaptureFootprint;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.capture.replay.CountedFrames;
import org.junit.jupiter.api.Test;

/** Static replay: every table holds exactly the host's counts, and the figures are plausible. */
class StaticReplayTest {
    /** The shipped sample capture, from the repository root (tests run in cowmeta-lab/). */
    private static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve(SampleCaptureFootprint.SAMPLE);

    @Test
    void everyRegisteredTableHoldsTheSamplesCountsExactly() throws IOException {
        assertFalse(TableRegistry.all().isEmpty(), "no table is registered");
        CountedFrames real = CountedFrames.read(SAMPLE);
        StaticReplay replay = new StaticReplay(StaticReplay.Settings.NO_TIMING);
        for (TableSpec spec : TableRegistry.all()) {
            StaticReplay.Result r = replay.run(spec.name(), real);
            assertTrue(r.countsExact(), spec.name() + " does not hold exactly the sample's counts");
            assertEquals(real.size(), r.entries(), spec.name());
            assertTrue(r.modeledBytesPerCounted() > 0 && r.jvmBytesPerCounted() > 0, spec.name() + ": " + r.footprint());
            assertEquals(6_553_600L * 64, r.structPageBytes());
        }
    }

    @Test
    void timingGivesEveryOpOnBothKeySets() throws IOException {
        String table = TableRegistry.names().getFirst();
        StaticReplay.Result r = new StaticReplay(new StaticReplay.Settings(0, 1, true, 1)).run(table, CountedFrames.read(SAMPLE));
        assertEquals(6, r.timings().size());
        for (String op : new String[] {"get", "increment", "decrement"}) {
            for (String keys : new String[] {"real", "uniform"}) {
                OpTiming t = r.timing(op, keys);
                assertTrue(t.medianNanos() > 0 && Double.isFinite(t.medianNanos()), op + " " + keys + ": " + t);
            }
        }
        assertTrue(r.getLoadsReal() >= 1, "a get loads at least once: " + r.getLoadsReal());
    }
}
