package org.cowmeta.tables.peers;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/** Linearizability of {@link FastutilTable}. */
public class FastutilLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new FastutilTable(TableConfig.of(8));
    }
}
