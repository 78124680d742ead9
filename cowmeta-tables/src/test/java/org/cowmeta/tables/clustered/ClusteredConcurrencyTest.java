package org.cowmeta.tables.clustered;

import java.util.SplittableRandom;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.OnlineResizeConcurrencyTest;

/** Clustered under concurrent updates while its directory grows and shrinks back to back. */
class ClusteredConcurrencyTest extends OnlineResizeConcurrencyTest<ClusteredTable> {

    @Override
    protected ClusteredTable table(long seed) {
        return new ClusteredTable(TableConfig.of(FRAMES).withSeed(seed)
                .withOption("stripes", "8")
                .withOption("minStripeCapacity", "4"));
    }

    /** Frames packed in a few dozen areas, as real sharing is: records are contended and come and go. */
    @Override
    protected long[] frames(SplittableRandom r, int n) {
        long[] areas = r.longs(40, 0, FRAMES >>> 9).toArray();
        long[] frames = new long[n];
        for (int i = 0; i < n; i++) {
            frames[i] = (areas[r.nextInt(areas.length)] << 9) | r.nextInt(512);
        }
        return frames;
    }

    /** One in twenty past the one-byte inline count, so spills race with the resize. */
    @Override
    protected long seededCount(SplittableRandom r) {
        return r.nextInt(20) == 0 ? 300 + r.nextInt(10) : 2 + r.nextInt(10);
    }
}
