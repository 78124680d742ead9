package org.cowmeta.stress;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * Tables for jcstress states. jcstress builds a fresh state object for every trial, millions of
 * them, and has no tear-down; building (and never closing) a table each time would be slow and
 * leak off-heap memory and workers. So a state takes an empty table from this pool and its
 * arbiter gives it back after seeding every frame the trial touched back to 1: the next trial
 * sees an empty table again (a table that does not come back empty is closed and dropped).
 */
public final class TablePool {
    /** Small physical memory: the scenarios touch frames 42 and 43 only; dense is sized by it. */
    public static final long PHYSICAL_FRAMES = 64;
    private static final Map<String, Queue<RefCountTable>> POOLS = new ConcurrentHashMap<>();

    private TablePool() {}

    public static RefCountTable take(String name) {
        RefCountTable table = POOLS.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).poll();
        return table != null ? table : TableRegistry.create(name, TableConfig.of(PHYSICAL_FRAMES));
    }

    /** Resets {@code frames} to count 1 and pools the table if it is empty again. */
    public static void giveBack(String name, RefCountTable table, long... frames) {
        for (long frame : frames) {
            table.seed(frame, 1);
        }
        if (table.entries() == 0) {
            POOLS.get(name).offer(table);
        } else {
            table.close();
        }
    }
}
