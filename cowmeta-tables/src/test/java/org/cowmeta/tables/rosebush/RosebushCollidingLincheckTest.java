package org.cowmeta.tables.rosebush;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability when all four frames share one 32-bit hash: every lookup has several
 * candidates and must tell them apart by the counter's frame, and slots are freed and reused by
 * different frames under concurrent readers. Model checking runs fewer iterations than the
 * generic suite's (which {@link RosebushLincheckTest} runs in full) to keep the class short.
 */
public class RosebushCollidingLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new RosebushTable(TableConfig.of(8), frame -> 0x2a);
    }

    @Test
    @Override
    public void modelChecking() {
        new ModelCheckingOptions()
                .iterations(6)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class)
                .check(getClass());
    }
}
