package org.cowmeta.tables.contract;

import java.util.HashMap;
import java.util.Map;
import org.cowmeta.tables.RefCountTable;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a table, checked by Lincheck (both model checking, which explores thread
 * interleavings of instrumented code, and stress) against {@link Spec}, the contract written
 * sequentially over a HashMap. Frames 0..3 only, so operations collide and the 1 -> 2 insert and
 * 2 -> 1 removal race all the time.
 *
 * <p>What is checked, and what is not, honestly: every single-frame operation ({@code get},
 * {@code increment}, {@code decrement}) and single-frame batches ({@code incrementAll},
 * {@code decrementAll} of one frame, so a table's batch path is checked too). A batch of several
 * frames is <i>not</i> atomic by the contract (each frame's update is linearizable on its own,
 * and another thread may see the batch half done), so as a whole it is not linearizable and
 * cannot be checked here; multi-frame batches are checked by {@link ConservationStressTest}
 * (nothing lost under contention) and {@link ContractTest} (exact results sequentially).
 *
 * <p>Where the model checker switches threads: at accesses to object fields and Java arrays,
 * plain, volatile or through VarHandles ({@link LincheckHarnessTest} shows a lost update caught
 * through an array VarHandle), but not at accesses to off-heap memory through a MemorySegment
 * VarHandle (the same lost update there passes). For a table whose words are off heap (compact,
 * dense) model checking explores only its field accesses (array descriptors, counters, spill
 * maps); its stress half runs real threads over everything, and the races inside its words are
 * forced with the table's hooks in tests of their own.
 *
 * <p>A concrete subclass needs a public no-arg constructor (Lincheck builds one instance per
 * scenario) and implements {@link #createTable()}. Lincheck has no tear-down hook, so tables are
 * not closed: keep them small. Needs {@code -XX:+EnableDynamicAgentLoading} (the parent POM's
 * surefire argLine has it).
 */
@Param(name = "frame", gen = IntGen.class, conf = "0:3")
public abstract class AbstractRefCountLincheckTest {
    private final RefCountTable table = createTable();

    /** A fresh, small table (physical memory of a few frames is enough: frames are 0..3). */
    protected abstract RefCountTable createTable();

    /** The table under test, for operations a subclass adds (e.g. driving a resize). */
    protected final RefCountTable table() {
        return table;
    }

    @Operation
    public long get(@Param(name = "frame") int frame) {
        return table.get(frame);
    }

    @Operation
    public long increment(@Param(name = "frame") int frame) {
        return table.increment(frame);
    }

    @Operation
    public long decrement(@Param(name = "frame") int frame) {
        return table.decrement(frame);
    }

    @Operation
    public void incrementAllOne(@Param(name = "frame") int frame) {
        long[] batch = {frame};
        table.incrementAll(batch, 0, 1);
    }

    /** Returns whether the frame was released (reached 0). */
    @Operation
    public boolean decrementAllOne(@Param(name = "frame") int frame) {
        long[] batch = {frame};
        boolean[] released = {false};
        table.decrementAll(batch, 0, 1, f -> released[0] = f == frame);
        return released[0];
    }

    @Test
    public void modelChecking() {
        modelCheckingOptions().check(getClass());
    }

    @Test
    public void stress() {
        stressOptions().check(getClass());
    }

    /** Small on purpose (each test a few seconds); a table whose code is heavy to instrument may lower it. */
    protected ModelCheckingOptions modelCheckingOptions() {
        return new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class);
    }

    protected StressOptions stressOptions() {
        return new StressOptions()
                .iterations(10)
                .invocationsPerIteration(1000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class);
    }

    /**
     * The contract, sequentially: absent counts 1, 2 -> 1 removes, absent -> 0 stores nothing.
     * Open for subclasses that add operations with no effect on counts (a resize step).
     */
    public static class Spec {
        private final Map<Integer, Long> counts = new HashMap<>();

        public long get(int frame) {
            return counts.getOrDefault(frame, 1L);
        }

        public long increment(int frame) {
            long c = get(frame) + 1;
            counts.put(frame, c);
            return c;
        }

        public long decrement(int frame) {
            Long c = counts.get(frame);
            if (c == null) {
                return 0;
            }
            if (c == 2) {
                counts.remove(frame);
            } else {
                counts.put(frame, c - 1);
            }
            return c - 1;
        }

        public void incrementAllOne(int frame) {
            increment(frame);
        }

        public boolean decrementAllOne(int frame) {
            return decrement(frame) == 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && s.getClass() == getClass() && s.counts.equals(counts);
        }

        @Override
        public int hashCode() {
            return counts.hashCode();
        }
    }
}
