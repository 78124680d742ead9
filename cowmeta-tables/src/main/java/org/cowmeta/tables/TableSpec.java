package org.cowmeta.tables;

import java.util.function.Function;

/**
 * One entry of the {@link org.cowmeta.tables.registry.TableRegistry}: a table's name (as used on the command line and in
 * reports), what it is in one line, its family ("anchor", "baseline", "peer", "ours"), and how
 * to build it.
 */
public record TableSpec(String name, String family, String description,
                        Function<TableConfig, RefCountTable> factory) {

    public RefCountTable create(TableConfig config) {
        return factory.apply(config);
    }
}
