package org.cowmeta.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;

import org.cowmeta.tables.RefCountTable;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.infra.results.LLLL_Result;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * The racy corners of the refcount contract, written once for every table. Each scenario is an
 * abstract state holding the actors' bodies and the outcomes; jcstress only sees actors declared
 * in the test class itself, so a table is tested by one class of one-line subclasses that name it
 * and forward to these bodies. Those classes ({@code DenseStress}, {@code ChmStress}, ...) are
 * generated at build time from {@code src/template/TableStress.java.in}, one for every table in
 * the POM's {@code stress.tables}: a new table is one name there, a new scenario one class here
 * and one line in the template.
 * Results list the actors' return values, then what the arbiter sees after both: the final
 * count and, where it matters, {@code entries()}. Each scenario has exactly one {@code @Outcome}
 * (listing every acceptable state), because only a single {@code @Outcome} is inherited by the
 * test classes ({@code @JCStressMeta} turned out to record no samples in jcstress 0.16); any
 * state not listed is graded as a failure.
 */
public final class Scenarios {
    /** The frame the scenarios race on, and its neighbour (same bucket or line in most layouts). */
    static final long F = 42;
    static final long G = 43;

    private Scenarios() {}

    /** A pooled table of the kind under test. */
    abstract static class OnTable {
        final String name;
        final RefCountTable table;

        OnTable(String name) {
            this.name = name;
            this.table = TablePool.take(name);
        }

        void giveBack() {
            TablePool.giveBack(name, table, F, G);
        }
    }

    /** Two threads insert the same absent frame: one sees 2, the other 3, and it ends at 3. */
    @Outcome(id = {"2, 3, 3, 1", "3, 2, 3, 1"}, expect = ACCEPTABLE, desc = "one insert, then one increment")
    public abstract static class TwoIncrementsOfAbsent extends OnTable {
        protected TwoIncrementsOfAbsent(String tableName) {
            super(tableName);
        }

        public final void actor1(LLLL_Result r) {
            r.r1 = table.increment(F);
        }

        public final void actor2(LLLL_Result r) {
            r.r2 = table.increment(F);
        }

        public final void arbiter(LLLL_Result r) {
            r.r3 = table.get(F);
            r.r4 = table.entries();
            giveBack();
        }
    }

    /** A count-2 frame incremented and decremented at once: it ends at 2 either way. */
    @Outcome(id = {"3, 2, 2, 1", "2, 1, 2, 1"}, expect = ACCEPTABLE, desc = "increment first, or decrement first (the entry goes, then comes back)")
    public abstract static class IncrementVersusDecrementOfTwo extends OnTable {
        protected IncrementVersusDecrementOfTwo(String tableName) {
            super(tableName);
            table.increment(F);
        }

        public final void actor1(LLLL_Result r) {
            r.r1 = table.increment(F);
        }

        public final void actor2(LLLL_Result r) {
            r.r2 = table.decrement(F);
        }

        public final void arbiter(LLLL_Result r) {
            r.r3 = table.get(F);
            r.r4 = table.entries();
            giveBack();
        }
    }

    /** A count-2 frame decremented twice: one sees 1 (entry removed), the other 0 (last reference). */
    @Outcome(id = {"1, 0, 1, 0", "0, 1, 1, 0"}, expect = ACCEPTABLE, desc = "removal, then the last reference")
    public abstract static class TwoDecrementsOfTwo extends OnTable {
        protected TwoDecrementsOfTwo(String tableName) {
            super(tableName);
            table.increment(F);
        }

        public final void actor1(LLLL_Result r) {
            r.r1 = table.decrement(F);
        }

        public final void actor2(LLLL_Result r) {
            r.r2 = table.decrement(F);
        }

        public final void arbiter(LLLL_Result r) {
            r.r3 = table.get(F);
            r.r4 = table.entries();
            giveBack();
        }
    }

    /** A lookup racing the 1 -> 2 insert sees 1 or 2, never anything else. */
    @Outcome(id = {"2, 1, 2", "2, 2, 2"}, expect = ACCEPTABLE, desc = "lookup before or after the insert")
    public abstract static class GetRacingInsert extends OnTable {
        protected GetRacingInsert(String tableName) {
            super(tableName);
        }

        public final void actor1(LLL_Result r) {
            r.r1 = table.increment(F);
        }

        public final void actor2(LLL_Result r) {
            r.r2 = table.get(F);
        }

        public final void arbiter(LLL_Result r) {
            r.r3 = table.get(F);
            giveBack();
        }
    }

    /** A lookup racing the 2 -> 1 removal sees 2 or 1, and the entry is gone afterwards. */
    @Outcome(id = {"1, 2, 1, 0", "1, 1, 1, 0"}, expect = ACCEPTABLE, desc = "lookup before or after the removal")
    public abstract static class GetRacingRemoval extends OnTable {
        protected GetRacingRemoval(String tableName) {
            super(tableName);
            table.increment(F);
        }

        public final void actor1(LLLL_Result r) {
            r.r1 = table.decrement(F);
        }

        public final void actor2(LLLL_Result r) {
            r.r2 = table.get(F);
        }

        public final void arbiter(LLLL_Result r) {
            r.r3 = table.get(F);
            r.r4 = table.entries();
            giveBack();
        }
    }

    /** Inserts of two neighbouring frames at once (same bucket or line): neither is lost. */
    @Outcome(id = "2, 2, 4, 2", expect = ACCEPTABLE, desc = "both inserted")
    public abstract static class NeighbourInserts extends OnTable {
        protected NeighbourInserts(String tableName) {
            super(tableName);
        }

        public final void actor1(LLLL_Result r) {
            r.r1 = table.increment(F);
        }

        public final void actor2(LLLL_Result r) {
            r.r2 = table.increment(G);
        }

        public final void arbiter(LLLL_Result r) {
            r.r3 = table.get(F) + table.get(G);
            r.r4 = table.entries();
            giveBack();
        }
    }
}
