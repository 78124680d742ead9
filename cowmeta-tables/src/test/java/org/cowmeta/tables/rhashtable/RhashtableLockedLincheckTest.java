package org.cowmeta.tables.rhashtable;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;

/** Linearizability of {@link RhashtableTable} with {@code update=locked} (64 buckets, frames 0..3: no resize). */
public class RhashtableLockedLincheckTest extends AbstractRefCountLincheckTest {
    @Override
    protected RefCountTable createTable() {
        return new RhashtableTable(TableConfig.of(8).withOption("update", "locked"));
    }
}
