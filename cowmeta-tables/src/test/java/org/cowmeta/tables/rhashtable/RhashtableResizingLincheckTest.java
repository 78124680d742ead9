package org.cowmeta.tables.rhashtable;

import java.util.Map;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability while the table resizes under the operations: 4 buckets, automatic shrinking,
 * frames 0..3, so the deferred worker grows it past 3 objects and shrinks it back below 30%
 * during the scenarios. Stress only: the worker is a thread of the table's own, which Lincheck's
 * model checker does not drive (this method overrides the generic one without {@code @Test}).
 */
public class RhashtableResizingLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new RhashtableTable(new TableConfig(8, 1, 3, Map.of("automaticShrinking", "true")));
    }

    @Override
    public void modelChecking() {
        // Not a test here: see the class comment.
    }

    @Test
    @Override
    public void stress() {
        new StressOptions().iterations(20).invocationsPerIteration(1000).threads(3)
                .actorsPerThread(4).actorsBefore(3).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass());
    }
}
