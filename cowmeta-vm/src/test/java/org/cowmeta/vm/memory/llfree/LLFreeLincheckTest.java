package org.cowmeta.vm.memory.llfree;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the deterministic single-frame operations, claim, order-0 free (including
 * the refused double free) and isAllocated, on four frames spread over two areas and two trees so
 * that child, tree and per-CPU counters are all involved. Allocation itself is not checked here:
 * which frame it returns depends on the thread's slot, so it has no sequential specification;
 * {@link LLFreeConcurrentTest} covers it. freeFrames() is exact only when quiescent, so it is not
 * an operation either. Model checking only: real-thread stress of the same operations (with
 * allocation) is {@link LLFreeConcurrentTest}'s job, and Lincheck's stress mode cost many seconds.
 */
@Param(name = "frame", gen = IntGen.class, conf = "0:3")
public class LLFreeLincheckTest {

    private static final long[] FRAMES = {0, 1, 513, 16384 + 7};

    private final LLFreeAllocator alloc = new LLFreeAllocator(2 * 16384, 2);

    @Operation
    public boolean claim(@Param(name = "frame") int i) {
        return alloc.claim(FRAMES[i]);
    }

    @Operation
    public void free(@Param(name = "frame") int i) {
        alloc.free(FRAMES[i], 0);
    }

    @Operation
    public boolean isAllocated(@Param(name = "frame") int i) {
        return alloc.isAllocated(FRAMES[i]);
    }

    @Test
    public void modelChecking() {
        new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(100)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class)
                .check(getClass());
    }

    /** Four frames, each free or allocated. */
    public static final class Spec {
        private final boolean[] allocated = new boolean[FRAMES.length];

        public boolean claim(int i) {
            if (allocated[i]) {
                return false;
            }
            allocated[i] = true;
            return true;
        }

        public void free(int i) {
            if (!allocated[i]) {
                throw new IllegalStateException("double free");
            }
            allocated[i] = false;
        }

        public boolean isAllocated(int i) {
            return allocated[i];
        }
    }
}
