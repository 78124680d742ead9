package org.cowmeta.tables.rosebush;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/**
 * Linearizability when all four frames share one 32-bit hash: every lookup has several
 * candidates and must tell them apart by the counter's frame, and slots are freed and reused by
 * different frames under concurrent readers.
 */
public class RosebushCollidingLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new RosebushTable(TableConfig.of(8), frame -> 0x2a);
    }
}
