package org.cowmeta.tables.rhashtable;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link RhashtableTable} when all frames share one chain: every operation
 * walks, inserts at the head of and unlinks from the same bucket, so unlinking a middle or last
 * object races with lock-free walks over it. Fewer iterations than the generic suite: the
 * default-configured table is checked in full by {@link RhashtableLincheckTest}.
 */
public class RhashtableCollidingLincheckTest extends AbstractRefCountLincheckTest {
    /** Every frame in bucket 0, whatever the seed. */
    static final class OneBucket implements FrameHash {
        @Override
        public int hash(long frame, int seed) {
            return 0;
        }
    }

    @Override
    protected RefCountTable createTable() {
        return new RhashtableTable(TableConfig.of(8), new OneBucket(), null);
    }

    @Test
    @Override
    public void modelChecking() {
        new ModelCheckingOptions().iterations(12).invocationsPerIteration(400).threads(2)
                .actorsPerThread(3).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass());
    }

    @Test
    @Override
    public void stress() {
        new StressOptions().iterations(12).invocationsPerIteration(1000).threads(3)
                .actorsPerThread(3).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass());
    }
}
