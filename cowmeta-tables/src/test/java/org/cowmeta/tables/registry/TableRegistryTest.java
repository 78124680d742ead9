package org.cowmeta.tables.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;
import org.junit.jupiter.api.Test;

/** What a spec declares of its table is what the table does. */
class TableRegistryTest {

    @Test
    void aSpecDeclaresResizeControlExactlyWhenItsTableHasIt() {
        for (TableSpec spec : TableRegistry.all()) {
            try (RefCountTable t = spec.create(TableConfig.of(1 << 20).withExpectedEntries(64))) {
                assertEquals(t.resizeControl().isPresent(), spec.resizes(), spec.name());
            }
        }
    }

    @Test
    void rolesPartitionTheTables() {
        assertEquals(List.of("chm", "nbhml", "fastutil", "agrona"), TableRegistry.names(TableSpec.Role.PEER));
        assertEquals(List.of("compact", "clustered"), TableRegistry.names(TableSpec.Role.OURS));
        int all = 0;
        for (TableSpec.Role r : TableSpec.Role.values()) {
            all += TableRegistry.names(r).size();
        }
        assertEquals(TableRegistry.all().size(), all);
    }

    @Test
    void compactsTunablesCarryItsOwnDefaults() {
        List<TableSpec.Tunable> t = TableRegistry.get("compact").tunables();
        assertEquals(List.of("loadFactor", "inlineBits"), t.stream().map(TableSpec.Tunable::option).toList());
        assertEquals("0.7", t.get(0).defaultValue());
        assertEquals("12", t.get(1).defaultValue());
    }
}
