package org.cowmeta.lab.tuning;

import java.util.List;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * Which options of which table the tuning sweep varies, as each table's {@link TableSpec}
 * declares them ({@link TableSpec#tunables()}, with the defaults the table's own options class
 * uses). A table is swept only if it declares options; each option is swept one at a time, every
 * other option at its default.
 */
public final class Tunables {

    private Tunables() {}

    /** A note on {@code table}'s options for the report, or empty. */
    public static String note(String table) {
        return TableRegistry.names().contains(table) ? TableRegistry.get(table).tuningNote() : "";
    }

    /** The options declared for {@code table}, empty when it declares none. */
    public static List<TableSpec.Tunable> of(String table) {
        return TableRegistry.names().contains(table) ? TableRegistry.get(table).tunables() : List.of();
    }

    /** The tables among {@code tables} that declare tunable options, in the given order. */
    public static List<String> tunable(List<String> tables) {
        return tables.stream().filter(t -> !of(t).isEmpty()).toList();
    }
}
