package org.cowmeta.lab.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The benchmark bodies, called directly (not through JMH): every update benchmark keeps the
 * table's size steady, as the report claims, and the costs traced for it are finite.
 */
class TableBenchStateTest {
    static ThreadParams thread(int index, int count) {
        ThreadParams tp = new ThreadParams(index, count, 0, 1, 0, 1, index, count, index, count);
        assertEquals(index, tp.getThreadIndex());
        assertEquals(count, tp.getThreadCount());
        return tp;
    }

    static TableBench bench(String table, String sharing) {
        TableBench b = new TableBench();
        b.table = table;
        b.log2Size = 10;
        b.utilisation = "medium";
        b.keys = "clustered";
        b.sharing = sharing;
        b.phase = "quiet";
        b.seed = 1;
        b.setUp();
        return b;
    }

    @Test
    void updateBenchmarksKeepTheTableSizeSteady() throws Exception {
        Assumptions.assumeTrue(TableRegistry.names().contains("dense"), "the dense table is not registered");
        for (String sharing : new String[] {"disjoint", "shared"}) {
            TableBench b = bench("dense", sharing);
            long counted = b.t.entries();
            assertEquals(1 << 10, counted);
            TableBench.Cursor[] c = new TableBench.Cursor[2];
            TableBench.InsertWindow[] iw = new TableBench.InsertWindow[2];
            TableBench.UpdateWindow[] uw = new TableBench.UpdateWindow[2];
            TableBench.PageTables[] pt = new TableBench.PageTables[2];
            for (int t = 0; t < 2; t++) {
                c[t] = new TableBench.Cursor();
                c[t].setUp(b, thread(t, 2));
                iw[t] = new TableBench.InsertWindow();
                iw[t].setUp(b, thread(t, 2));
                uw[t] = new TableBench.UpdateWindow();
                uw[t].setUp(b, thread(t, 2));
                pt[t] = new TableBench.PageTables();
                pt[t].setUp(b, thread(t, 2));
            }
            long steady = b.t.entries();
            for (int round = 0; round < 3000; round++) {
                for (int t = 0; t < 2; t++) {
                    b.getHit(c[t]);
                    b.getMiss(c[t]);
                    b.insertRemove(iw[t]);
                    b.updateCounted(uw[t]);
                    b.mixUpdateHeavy(c[t], iw[t]);
                    if (round % 50 == 0) {
                        b.pageTableBatch(pt[t]);
                        b.pageTableSingle(pt[t]);
                    }
                }
                assertEquals(steady, b.t.entries(), sharing + ": size drifted at round " + round);
            }
            for (int t = 0; t < 2; t++) {
                assertEquals(0, pt[t].released, "no count ever reached 0");
            }
            b.tearDown();
        }
    }

    /** getHitBatch reads the counted pool in runs of 512, in order, and wraps at its end. */
    @Test
    void batchedHitsReadCountedFramesInRunsAndWrap() throws Exception {
        TableBench b = bench("compact", "disjoint");
        TableBench.Cursor c = new TableBench.Cursor();
        c.setUp(b, thread(0, 1));
        assertEquals(1 << 10, c.cLen);
        for (int k = 0; k < c.cLen; k++) {
            b.t.seed(c.counted[k], 2 + k); // a count that names the frame's place in the pool
        }
        for (int call = 0; call < 5; call++) {
            int expectedFrom = (call % 2) * TableBench.GET_BATCH; // two runs fill the pool, the third wraps
            b.getHitBatch(c);
            for (int i = 0; i < TableBench.GET_BATCH; i++) {
                assertEquals(2 + expectedFrom + i, c.batchCounts[i], "call " + call + " frame " + i);
            }
        }
        TableBench.Cursor fourThreads = new TableBench.Cursor();
        fourThreads.setUp(b, thread(1, 4));
        assertThrows(IllegalStateException.class, () -> b.getHitBatch(fourThreads), "a slice smaller than a batch is refused");
        b.tearDown();
    }

    @Test
    void tracedCostsAreFinite() {
        Assumptions.assumeTrue(TableRegistry.names().contains("dense"), "the dense table is not registered");
        var costs = CostTracer.trace("dense", Workload.build(10, Workload.Utilisation.MEDIUM, Workload.Keys.UNIFORM, 3));
        for (String m : new String[] {"getHit", "getMiss", "insertRemove", "updateCounted", "mixReadMostly", "pageTableBatch"}) {
            CostTracer.Cost c = costs.forMethod(m);
            assertTrue(c.lines() >= 1 && c.loads() >= 1, m + ": " + c);
        }
    }
}
