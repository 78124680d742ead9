package org.cowmeta.vm.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.SampleCaptures;
import org.junit.jupiter.api.Test;

/** The host's counted frames: read from a capture, loaded into a table and checked against it, and their uniform twin. */
class CountedFramesTest {

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
        keys.loadInto(t);
        assertTrue(keys.heldExactlyBy(t));
        t.increment(99);
        assertFalse(keys.heldExactlyBy(t), "an extra entry is noticed");
        t.decrement(99);
        t.increment(2);
        assertFalse(keys.heldExactlyBy(t), "a wrong count is noticed");
    }
}
