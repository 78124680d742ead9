package org.cowmeta.tables.registry;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;

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
        // One line per table. Order is the order of reports.
        add("dense", "baseline", "the struct-page way: a 64-byte struct page per physical frame, the count where _refcount lies, "
                + "off-heap in huge pages as the vmemmap, lock-free", org.cowmeta.tables.dense.DenseTable::new);
        add("dense-packed", "baseline", "a lower bound: one 8-byte counter per physical frame, 8 to a cache line",
                c -> new org.cowmeta.tables.dense.DenseTable(c.withOption("stride", "8")));
        add("rhashtable", "anchor", "Linux lib/rhashtable.c: nulls-marker chains of counter objects freed by kfree_rcu (kmalloc-64), "
                + "lockless count updates under RCU, the bucket lock only to insert and unlink, deferred resize",
                org.cowmeta.tables.rhashtable.RhashtableTable::new);
        add("rhashtable-typesafe", "anchor", "rhashtable with its objects in a 24-byte SLAB_TYPESAFE_BY_RCU cache: smaller, "
                + "every lookup re-checks the key", c -> new org.cowmeta.tables.rhashtable.RhashtableTable(c.withOption("free", "typesafe")));
        add("rhashtable-locked", "anchor", "rhashtable taking the bucket lock for every update, as the Morsels prototype did",
                c -> new org.cowmeta.tables.rhashtable.RhashtableTable(c.withOption("update", "locked")));
        add("rosebush", "anchor", "Wilcox's Rosebush v2 (2024): 256-byte 20-entry buckets, split by hash bit, lock-free lookups",
                org.cowmeta.tables.rosebush.RosebushTable::new);
        add("chm", "peer", "java.util.concurrent.ConcurrentHashMap<Long,Long> with merge/compute",
                org.cowmeta.tables.peers.ChmTable::new);
        add("nbhml", "peer", "JCTools NonBlockingHashMapLong<Long>, lock-free CAS loops on boxed counts",
                org.cowmeta.tables.peers.NbhmlTable::new);
        add("fastutil", "peer", "fastutil Long2LongOpenHashMap behind one lock",
                org.cowmeta.tables.peers.FastutilTable::new);
        add("agrona", "peer", "Agrona Long2LongHashMap behind one lock",
                org.cowmeta.tables.peers.AgronaTable::new);
        add("compact", "ours", "one 64-bit word per counted frame in cache-line buckets, F14 overflow counts, cooperative online resize",
                org.cowmeta.tables.compact.CompactTable::new);
        add("clustered", "ours", "per 2 MiB area: 512-bit bitmap + one count byte per counted frame, striped seqlock directory",
                org.cowmeta.tables.clustered.ClusteredTable::new);
    }

    private TableRegistry() {}

    private static void add(String name, String family, String description,
                            java.util.function.Function<TableConfig, RefCountTable> factory) {
        TABLES.put(name, new TableSpec(name, family, description, factory));
    }

    public static List<TableSpec> all() {
        return Collections.unmodifiableList(new ArrayList<>(TABLES.values()));
    }

    public static List<String> names() {
        return List.copyOf(TABLES.keySet());
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
