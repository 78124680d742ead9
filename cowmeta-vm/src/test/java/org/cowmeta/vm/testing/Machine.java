package org.cowmeta.vm.testing;

import java.util.ArrayList;
import java.util.List;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.check.CheckReport;
import org.cowmeta.vm.check.InvariantChecker;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.cowmeta.vm.system.FaultLookups;
import org.cowmeta.vm.system.MemorySystem;

/** A simulated machine for tests: LLFree over {@code frames}, a registered table, a memory system. */
public final class Machine implements AutoCloseable {
    public final FailingAllocator allocator;
    public final RefCountTable table;
    public final MemorySystem system;
    public final String tableName;

    public Machine(String tableName, long frames, ContentMode mode, int rootLevel, long seed, FaultLookups lookups) {
        this.tableName = tableName;
        this.allocator = new FailingAllocator(new LLFreeAllocator(frames, 2));
        this.table = TableRegistry.create(tableName, TableConfig.of(frames).withSeed(seed));
        this.system = MemorySystem.create(allocator, table, mode, rootLevel, lookups);
    }

    public Machine(String tableName, long frames, ContentMode mode, int rootLevel, long seed) {
        this(tableName, frames, mode, rootLevel, seed, FaultLookups.EVERY_TABLE);
    }

    public Machine(String tableName, long frames, ContentMode mode) {
        this(tableName, frames, mode, 4, 1);
    }

    /** Every registered table's name (new tables are picked up automatically). */
    public static List<String> tables() {
        List<String> names = new ArrayList<>();
        for (TableSpec spec : TableRegistry.all()) {
            names.add(spec.name());
        }
        return names;
    }

    public CheckReport check(String context) {
        return InvariantChecker.check(system).assertOk(context);
    }

    /** Exits everything and checks the machine is empty again. */
    public void teardownAndCheck(String context) {
        system.exitAll();
        InvariantChecker.checkEmpty(system).assertOk(context + " after teardown");
    }

    @Override
    public void close() {
        system.close();
        table.close();
    }
}
