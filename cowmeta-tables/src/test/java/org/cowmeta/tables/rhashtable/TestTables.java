package org.cowmeta.tables.rhashtable;

import java.util.Map;

import org.cowmeta.tables.TableConfig;

/** Builders shared by the rhashtable tests. */
final class TestTables {
    private TestTables() {}

    static TableConfig config() {
        return TableConfig.of(1L << 30);
    }

    static TableConfig config(long seed, Map<String, String> options) {
        return new TableConfig(1L << 30, 0, seed, options);
    }

    /** A hash that sends every frame to bucket 0 in the first table (serial 0) and is jhash2 elsewhere. */
    static FrameHash collideInFirstTable(TableConfig config) {
        int first = RhashtableModel.tableSeed(config.seed(), 0);
        return (frame, seed) -> seed == first ? 0 : Jhash.hashFrame(frame, seed);
    }

    static void await(RhashtableTable t) {
        try {
            t.resizer.awaitQuiescent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (t.resizer.workerFailure() != null) {
            throw new AssertionError("worker failed", t.resizer.workerFailure());
        }
    }
}
