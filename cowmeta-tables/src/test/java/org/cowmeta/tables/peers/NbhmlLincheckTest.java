package org.cowmeta.tables.peers;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/** Linearizability of {@link NbhmlTable}. */
public class NbhmlLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new NbhmlTable(TableConfig.of(8));
    }
}
