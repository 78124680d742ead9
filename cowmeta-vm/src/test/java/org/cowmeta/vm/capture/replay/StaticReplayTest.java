package org.cowmeta.vm.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.SampleCaptures;
import org.junit.jupiter.api.Test;

/** Static replay: every table holds exactly the host's counts, and the figures are plausible. */
class StaticReplayTest {

    @Test
    void uniformKeySetHasTheSameSizeAndCountsButOtherFrames() {
        CountedFrames real = new CountedFrames(1000, 20, new long[] {3, 4, 5, 6, 7}, new long[] {2, 2, 3, 4, 9});
        CountedFrames u = real.uniformLike(7);
        assertEquals(5, u.size());
        assertEquals(5, Arrays.stream(u.frames()).distinct().count());
        assertTrue(Arrays.stream(u.frames()).allMatch(f -> f >= 0 && f < 1000));
        long[] a = real.counts().clone();
        long[] b = u.counts().clone();
        Arrays.sort(a);
        Arrays.sort(b);
        assertEquals(Arrays.toString(a), Arrays.toString(b));
    }

    @Test
    void countedFramesKeepOnlyCountsOfTwoOrMore() throws IOException {
        Optional<Path> sample = SampleCaptures.find(SampleCaptures.REDIS);
        assumeTrue(sample.isPresent(), SampleCaptures.missing(SampleCaptures.REDIS));
        CountedFrames streamed = CountedFrames.read(sample.get());
        CountedFrames loaded = CountedFrames.of(Capture.load(sample.get()));
        assertEquals(59_777, streamed.mappedFrames());
        assertEquals(59_777 - 19_918, streamed.size());
        assertTrue(Arrays.equals(streamed.frames(), loaded.frames()));
        assertTrue(Arrays.stream(streamed.counts()).allMatch(c -> c >= 2));
    }

    @Test
    void loadingChecksTheTableAgainstTheHost() {
        CountedFrames keys = new CountedFrames(100, 4, new long[] {1, 2, 50}, new long[] {2, 7, 3});
        MapTable t = new MapTable();
        StaticReplay.load(t, keys);
        assertTrue(StaticReplay.countsMatch(t, keys));
        t.increment(99);
        assertFalse(StaticReplay.countsMatch(t, keys), "an extra entry is noticed");
        t.decrement(99);
        t.increment(2);
        assertFalse(StaticReplay.countsMatch(t, keys), "a wrong count is noticed");
    }

    @Test
    void everyRegisteredTableHoldsTheSamplesCountsExactly() throws IOException {
        Optional<Path> sample = SampleCaptures.find(SampleCaptures.REDIS);
        assumeTrue(sample.isPresent(), SampleCaptures.missing(SampleCaptures.REDIS));
        assertFalse(TableRegistry.all().isEmpty(), "no table is registered");
        CountedFrames real = CountedFrames.read(sample.get());
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
        Optional<Path> sample = SampleCaptures.find(SampleCaptures.REDIS);
        assumeTrue(sample.isPresent(), SampleCaptures.missing(SampleCaptures.REDIS));
        String table = TableRegistry.names().getFirst();
        StaticReplay.Result r = new StaticReplay(new StaticReplay.Settings(0, 1, true, 1)).run(table, CountedFrames.read(sample.get()));
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
