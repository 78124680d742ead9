package org.cowmeta.tables.compact;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/**
 * Linearizability of {@link CompactTable} with resizes inside the scenarios: one bucket to
 * start, a load factor of 0.1 and a size check on every insert and removal, so two entries
 * grow the table and removing them shrinks it again, one bucket per migration block. The bucket
 * scan is the scalar one (the same reads; under the model checker's instrumentation the Vector
 * API ran slowly enough, on a loaded machine, to be reported as a hang).
 */
public class CompactLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return tiny(1);
    }

    /**
     * A compact table small enough for the model checker to drive through grows and shrinks in a
     * few operations, starting at {@code initialBuckets}.
     */
    static CompactTable tiny(int initialBuckets) {
        return new CompactTable(TableConfig.of(8)
                .withOption("initialBuckets", Integer.toString(initialBuckets))
                .withOption("minBuckets", "1")
                .withOption("migrator", "callers") // the model checker controls only its own threads
                .withOption("loadFactor", "0.1")
                .withOption("shrinkLoad", "0.04")
                .withOption("sizeCheckInterval", "1")
                .withOption("blockBuckets", "1")
                .withOption("inlineBits", "2")
                .withOption("scan", "scalar"));
    }
}
