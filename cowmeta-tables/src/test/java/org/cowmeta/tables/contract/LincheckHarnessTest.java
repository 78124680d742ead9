package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableStats;
import org.junit.jupiter.api.Test;

/**
 * The Lincheck harness can fail: a table with a lost-update race (read, then write) must be
 * caught by {@link AbstractRefCountLincheckTest}'s model checking. Without this, a passing
 * Lincheck test could mean the harness checks nothing.
 */
class LincheckHarnessTest {

    @Test
    void modelCheckingCatchesALostUpdate() {
        RacyLincheck racy = new RacyLincheck();
        assertThrows(AssertionError.class, () -> racy.modelCheckingOptions().check(RacyLincheck.class));
    }

    /** Not a test on its own (nested): the harness run over {@link RacyTable}. */
    public static final class RacyLincheck extends AbstractRefCountLincheckTest {
        @Override
        protected RefCountTable createTable() {
            return new RacyTable();
        }
    }

    /** Counts in a plain array with non-atomic read-modify-write: wrong under concurrency. */
    static final class RacyTable implements RefCountTable {
        private final long[] extra = new long[8];

        @Override
        public long get(long frame) {
            return extra[(int) frame] + 1;
        }

        @Override
        public long increment(long frame) {
            long e = extra[(int) frame];
            extra[(int) frame] = e + 1;
            return e + 2;
        }

        @Override
        public long decrement(long frame) {
            long e = extra[(int) frame];
            if (e == 0) {
                return 0;
            }
            extra[(int) frame] = e - 1;
            return e;
        }

        @Override
        public void seed(long frame, long count) {
            extra[(int) frame] = count - 1;
        }

        @Override
        public long entries() {
            return 0;
        }

        @Override
        public Footprint footprint() {
            return Footprint.builder().build();
        }

        @Override
        public TableStats stats() {
            return new TableStats(0, 8, 0, false, 1, 1, java.util.Map.of());
        }

        @Override
        public void trace(Op op, long frame, AccessTrace trace) {
            trace.load(frame * 8, 8);
        }

        @Override
        public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
            RefCountTable.super.decrementAll(frames, from, to, released);
        }

        @Override
        public void close() {}
    }
}
