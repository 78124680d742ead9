package org.cowmeta.tables.peers;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/** Linearizability of {@link AgronaTable}. */
public class AgronaLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new AgronaTable(TableConfig.of(8));
    }
}
