package org.cowmeta.tables.clustered;

import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/**
 * Linearizability of {@link ClusteredTable}. The generic frames 0..3 would all fall in area 0,
 * so they are spread over two areas (0, 1 in one; 2, 3 in another: {@code (f >> 1) << 9 | (f & 1)})
 * and the directory has one stripe of two slots: records are created, emptied, marked dead,
 * removed and replaced, and the stripe array grows and shrinks, all inside the scenarios, while
 * two frames still share each record.
 */
public class ClusteredLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new SpreadFrames(new ClusteredTable(TableConfig.of(1L << 20)
                .withOption("stripes", "1")
                .withOption("minStripeCapacity", "2")));
    }

    /** Maps frame f to {@code (f >> 1) << 9 | (f & 1)}; everything else is the table's own. */
    private record SpreadFrames(ClusteredTable t) implements RefCountTable {
        static long spread(long f) {
            return (f >> 1) << 9 | (f & 1);
        }

        static long[] spread(long[] frames, int from, int to) {
            long[] s = new long[to - from];
            for (int i = from; i < to; i++) {
                s[i - from] = spread(frames[i]);
            }
            return s;
        }

        @Override public long get(long frame) { return t.get(spread(frame)); }
        @Override public long increment(long frame) { return t.increment(spread(frame)); }
        @Override public long decrement(long frame) { return t.decrement(spread(frame)); }
        @Override public void incrementAll(long[] frames, int from, int to) {
            long[] s = spread(frames, from, to);
            t.incrementAll(s, 0, s.length);
        }
        @Override public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
            long[] s = spread(frames, from, to);
            t.decrementAll(s, 0, s.length, f -> released.accept((f >> 9) << 1 | (f & 1)));
        }
        @Override public void seed(long frame, long count) { t.seed(spread(frame), count); }
        @Override public long entries() { return t.entries(); }
        @Override public Footprint footprint() { return t.footprint(); }
        @Override public TableStats stats() { return t.stats(); }
        @Override public void trace(Op op, long frame, AccessTrace trace) { t.trace(op, spread(frame), trace); }
        @Override public void close() { t.close(); }
    }
}
