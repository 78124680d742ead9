package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntToLongFunction;
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

    /**
     * The same race through an array-element VarHandle with acquire and release accesses, as a
     * table keeps words in a {@code long[]}: the model checker switches threads there too. (It
     * does not at accesses to off-heap memory through a MemorySegment VarHandle: the same race
     * there passes its model checking, which is why the off-heap tables' races are forced with
     * hooks instead, see {@link AbstractRefCountLincheckTest}.)
     */
    @Test
    void modelCheckingCatchesALostUpdateThroughAnArrayVarHandle() {
        RacyArrayHandleLincheck racy = new RacyArrayHandleLincheck();
        assertThrows(AssertionError.class, () -> racy.modelCheckingOptions().check(RacyArrayHandleLincheck.class));
    }

    /** Not a test on its own (nested): the harness run over {@link RacyTable} on a Java array. */
    public static final class RacyLincheck extends AbstractRefCountLincheckTest {
        @Override
        protected RefCountTable createTable() {
            long[] extra = new long[8];
            return new RacyTable(i -> extra[i], (i, v) -> extra[i] = v);
        }
    }

    /** Not a test on its own (nested): the harness run over {@link RacyTable} through an array VarHandle. */
    public static final class RacyArrayHandleLincheck extends AbstractRefCountLincheckTest {
        private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

        @Override
        protected RefCountTable createTable() {
            long[] extra = new long[8];
            return new RacyTable(i -> (long) WORD.getAcquire(extra, i), (i, v) -> WORD.setRelease(extra, i, v));
        }
    }

    /** Counts with non-atomic read-modify-write (each access atomic, the pair not): wrong under concurrency. */
    static final class RacyTable implements RefCountTable {
        private final IntToLongFunction load;
        private final IntLongConsumer store;

        RacyTable(IntToLongFunction load, IntLongConsumer store) {
            this.load = load;
            this.store = store;
        }

        interface IntLongConsumer {
            void accept(int i, long v);
        }

        @Override
        public long get(long frame) {
            return load.applyAsLong((int) frame) + 1;
        }

        @Override
        public long increment(long frame) {
            long e = load.applyAsLong((int) frame);
            store.accept((int) frame, e + 1);
            return e + 2;
        }

        @Override
        public long decrement(long frame) {
            long e = load.applyAsLong((int) frame);
            if (e == 0) {
                return 0;
            }
            store.accept((int) frame, e - 1);
            return e;
        }

        @Override
        public void seed(long frame, long count) {
            store.accept((int) frame, count - 1);
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
