package org.cowmeta.tables;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One entry of the {@link org.cowmeta.tables.registry.TableRegistry}: a table's name (as used on
 * the command line and in reports), its {@link Role}, what it is in one line, how to build it,
 * and what the lab needs to know of it without building one: whether it has
 * {@link RefCountTable#resizeControl() resize control}, and which of its options the tuning sweep
 * varies ({@link Tunable}, with the defaults the table's own options class uses).
 */
public record TableSpec(String name, Role role, String description, Function<TableConfig, RefCountTable> factory,
                        boolean resizes, List<Tunable> tunables, String tuningNote) {

    /** What a table is to the comparisons: the reports and targets pick their tables by role. */
    public enum Role {
        /** The struct-page way (and its lower bound): the counts every other design is compared with. */
        BASELINE,
        /** A design from the kernel world that the targets compare ours with. */
        ANCHOR,
        /** A Java library map behind the contract. */
        PEER,
        /** Our designs. */
        OURS;

        /** The lower-case word reports print ("baseline", "anchor", "peer", "ours"). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One option the tuning sweep varies: its name in {@link TableConfig#options()}, the value the
     * table uses when it is not given, the values to try (in ascending numeric order, the default
     * among them), and what it means.
     */
    public record Tunable(String option, String defaultValue, List<String> values, String meaning) {
        public Tunable {
            values = List.copyOf(values);
            if (!values.contains(defaultValue)) {
                throw new IllegalArgumentException(option + ": the default " + defaultValue + " must be among the values swept");
            }
        }
    }

    public TableSpec {
        tunables = List.copyOf(tunables);
    }

    /** A table with no tunable options. */
    public TableSpec(String name, Role role, String description, Function<TableConfig, RefCountTable> factory, boolean resizes) {
        this(name, role, description, factory, resizes, List.of(), "");
    }

    /** This spec with {@code tunables} swept by the tuning sweep, and {@code note} on the options that are not. */
    public TableSpec withTunables(List<Tunable> tunables, String note) {
        return new TableSpec(name, role, description, factory, resizes, tunables, note);
    }

    /** {@link Role#label()}. */
    public String family() {
        return role.label();
    }

    public RefCountTable create(TableConfig config) {
        return factory.apply(config);
    }
}
