package org.cowmeta.tables.registry;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.TableSpec.Role;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Every refcount table by name. A new design is one package under {@code org.cowmeta.tables}
 * plus one line here; every benchmark, scenario, test and chart then picks it up.
 */
public final class TableRegistry {
    private static final Map<String, TableSpec> TABLES = new LinkedHashMap<>();

    static {
        // One line per table: name, role, description, factory, whether it resizes (and its tunable options).
        // Order is the order of reports.
        add(new TableSpec("dense", Role.BASELINE, "the struct-page way: a 64-byte struct page per physical frame, the count where "
                + "_refcount lies, off-heap in huge pages as the vmemmap, lock-free", org.cowmeta.tables.dense.DenseTable::new, false));
        add(new TableSpec("dense-packed", Role.BASELINE, "a lower bound: one 8-byte counter per physical frame, 8 to a cache line",
                c -> new org.cowmeta.tables.dense.DenseTable(c.withOption("stride", "8")), false));
        add(new TableSpec("rhashtable", Role.ANCHOR, "Linux lib/rhashtable.c: nulls-marker chains of counter objects freed by kfree_rcu "
                + "(kmalloc-64), lockless count updates under RCU, the bucket lock only to insert and unlink, deferred resize",
                org.cowmeta.tables.rhashtable.RhashtableTable::new, true));
        add(new TableSpec("rhashtable-typesafe", Role.ANCHOR, "rhashtable with its objects in a 24-byte SLAB_TYPESAFE_BY_RCU cache: "
                + "smaller, every lookup re-checks the key", c -> new org.cowmeta.tables.rhashtable.RhashtableTable(c.withOption("free", "typesafe")), true));
        add(new TableSpec("rhashtable-locked", Role.ANCHOR, "rhashtable taking the bucket lock for every update, as the Morsels prototype did",
                c -> new org.cowmeta.tables.rhashtable.RhashtableTable(c.withOption("update", "locked")), true));
        add(new TableSpec("rosebush", Role.ANCHOR, "Wilcox's Rosebush v2 (2024): 256-byte 20-entry buckets, split by hash bit, "
                + "lock-free lookups", org.cowmeta.tables.rosebush.RosebushTable::new, true));
        add(new TableSpec("chm", Role.PEER, "java.util.concurrent.ConcurrentHashMap<Long,Long> with merge/compute",
                org.cowmeta.tables.peers.ChmTable::new, false));
        add(new TableSpec("nbhml", Role.PEER, "JCTools NonBlockingHashMapLong<Long>, lock-free CAS loops on boxed counts",
                org.cowmeta.tables.peers.NbhmlTable::new, false));
        add(new TableSpec("fastutil", Role.PEER, "fastutil Long2LongOpenHashMap behind one lock",
                org.cowmeta.tables.peers.FastutilTable::new, false));
        add(new TableSpec("agrona", Role.PEER, "Agrona Long2LongHashMap behind one lock",
                org.cowmeta.tables.peers.AgronaTable::new, false));
        add(new TableSpec("compact", Role.OURS, "one 64-bit word per counted frame in cache-line buckets, F14 overflow counts, "
                + "online resize migrated by a background thread", org.cowmeta.tables.compact.CompactTable::new, true)
                .withTunables(org.cowmeta.tables.compact.CompactTuning.TUNABLES, org.cowmeta.tables.compact.CompactTuning.NOTE));
        add(new TableSpec("clustered", Role.OURS, "per 2 MiB area: 512-bit bitmap + one count byte per counted frame, striped "
                + "seqlock directory", org.cowmeta.tables.clustered.ClusteredTable::new, true));
    }

    private TableRegistry() {}

    private static void add(TableSpec spec) {
        TABLES.put(spec.name(), spec);
    }

    public static List<TableSpec> all() {
        return Collections.unmodifiableList(new ArrayList<>(TABLES.values()));
    }

    public static List<String> names() {
        return List.copyOf(TABLES.keySet());
    }

    /** The names of the tables of {@code role}, in registry order. */
    public static List<String> names(Role role) {
        return TABLES.values().stream().filter(t -> t.role() == role).map(TableSpec::name).toList();
    }

    /** The spec named {@code name}; {@link NoSuchElementException} with the known names if none. */
    public static TableSpec get(String name) {
        TableSpec spec = TABLES.get(name);
        if (spec == null) {
            throw new NoSuchElementException("unknown table '" + name + "'; known tables: " + String.join(", ", TABLES.keySet()));
        }
        return spec;
    }

    public static RefCountTable create(String name, TableConfig config) {
        return get(name).create(config);
    }
}
