package org.cowmeta.tables.rosebush;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/** Linearizability of {@link RosebushTable} (frames 0..3 share the small inline-bucket start). */
public class RosebushLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new RosebushTable(TableConfig.of(8));
    }
}
