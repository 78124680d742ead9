package org.cowmeta.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * The {@link Scenarios} on the "fastutil" table. To add a table: copy this file, rename it and
 * change {@link #TABLE}. (jcstress needs the actors declared in each test class, hence one
 * forwarding line per scenario.)
 */
public final class FastutilStress {
    static final String TABLE = "fastutil";

    private FastutilStress() {}

    // @formatter:off
    @JCStressTest @State public static class TwoIncrementsOfAbsent extends Scenarios.TwoIncrementsOfAbsent { public TwoIncrementsOfAbsent() { super(TABLE); } @Actor public void a1(LLLL_Result r) { actor1(r); } @Actor public void a2(LLLL_Result r) { actor2(r); } @Arbiter public void ar(LLLL_Result r) { arbiter(r); } }
    @JCStressTest @State public static class IncrementVersusDecrementOfTwo extends Scenarios.IncrementVersusDecrementOfTwo { public IncrementVersusDecrementOfTwo() { super(TABLE); } @Actor public void a1(LLLL_Result r) { actor1(r); } @Actor public void a2(LLLL_Result r) { actor2(r); } @Arbiter public void ar(LLLL_Result r) { arbiter(r); } }
    @JCStressTest @State public static class TwoDecrementsOfTwo extends Scenarios.TwoDecrementsOfTwo { public TwoDecrementsOfTwo() { super(TABLE); } @Actor public void a1(LLLL_Result r) { actor1(r); } @Actor public void a2(LLLL_Result r) { actor2(r); } @Arbiter public void ar(LLLL_Result r) { arbiter(r); } }
    @JCStressTest @State public static class GetRacingInsert extends Scenarios.GetRacingInsert { public GetRacingInsert() { super(TABLE); } @Actor public void a1(LLL_Result r) { actor1(r); } @Actor public void a2(LLL_Result r) { actor2(r); } @Arbiter public void ar(LLL_Result r) { arbiter(r); } }
    @JCStressTest @State public static class GetRacingRemoval extends Scenarios.GetRacingRemoval { public GetRacingRemoval() { super(TABLE); } @Actor public void a1(LLLL_Result r) { actor1(r); } @Actor public void a2(LLLL_Result r) { actor2(r); } @Arbiter public void ar(LLLL_Result r) { arbiter(r); } }
    @JCStressTest @State public static class NeighbourInserts extends Scenarios.NeighbourInserts { public NeighbourInserts() { super(TABLE); } @Actor public void a1(LLLL_Result r) { actor1(r); } @Actor public void a2(LLLL_Result r) { actor2(r); } @Arbiter public void ar(LLLL_Result r) { arbiter(r); } }
    // @formatter:on
}
