package org.cowmeta.tables.peers;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/** Linearizability of {@link ChmTable}. */
public class ChmLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new ChmTable(TableConfig.of(8));
    }
}
