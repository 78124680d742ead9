package org.cowmeta.vm.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped real capture reads cleanly and shows the sharing of a Redis BGSAVE. */
class SampleCaptureTest {

    @Test
    void redisSampleReadsAndShowsAForkPair() throws IOException {
        Optional<Path> sample = SampleCaptures.find(SampleCaptures.REDIS);
        assumeTrue(sample.isPresent(), SampleCaptures.missing(SampleCaptures.REDIS));
        Capture c = Capture.load(sample.get());
        assertEquals(6_553_600, c.frames());
        assertEquals(59_777, c.countFrames().length);
        assertEquals(2, c.processes().size());
        SharingSummary s = SharingSummary.of(c);
        assertEquals(91_388, s.pages());
        assertEquals(1, s.pairs().size());
        SharingSummary.Pair p = s.pairs().getFirst();
        assertEquals(21462, p.parent());
        assertEquals(21471, p.child());
        assertTrue(p.shared() > 30_000, "parent and child still share most pages: " + p);
        assertTrue(p.sharedPerArea() > 50, "shared frames cluster in 2 MiB areas: " + p.sharedPerArea());
    }

    @Test
    void ownRedisCaptureInTheRepositoryReads() throws Exception {
        var url = getClass().getResource("/captures/redis-bgsave-300mb.txt.gz");
        assertTrue(url != null, "the committed capture is on the test class path");
        Capture c = Capture.load(Path.of(url.toURI()));
        SharingSummary s = SharingSummary.of(c);
        assertEquals(1, s.pairs().size());
        SharingSummary.Pair p = s.pairs().getFirst();
        assertTrue(p.shared() > 70_000 && p.broken() > 1_000, "a BGSAVE child shares most pages, some copied: " + p);
    }
}
