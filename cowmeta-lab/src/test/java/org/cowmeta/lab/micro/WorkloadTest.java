package org.cowmeta.lab.micro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.registry.TableRegistry;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void poolsAreDistinctDisjointDeterministicAndInMemory() {
        for (Workload.Keys keys : Workload.Keys.values()) {
            long seed = 17 + keys.ordinal();
            Workload w = Workload.build(12, Workload.Utilisation.MEDIUM, keys, seed);
            Set<Long> all = new HashSet<>();
            for (long[] pool : new long[][] {w.counted, w.absent, w.batch}) {
                for (long f : pool) {
                    assertTrue(f >= 0 && f < w.physicalFrames && f < Frames.LIMIT, keys + " frame " + f + " seed " + seed);
                    assertTrue(all.add(f), keys + ": frame " + f + " twice; seed " + seed);
                }
            }
            assertEquals(1 << 12, w.counted.length);
            assertEquals(2L << 12, w.expectedEntries());
            assertEquals(0, w.batch.length % Workload.PAGE_TABLE_ENTRIES);
            Workload again = Workload.build(12, Workload.Utilisation.MEDIUM, keys, seed);
            assertArrayEquals(w.counted, again.counted, "same seed, same frames: " + keys);
            assertArrayEquals(w.absent, again.absent);
        }
    }

    @Test
    void tablesAreFilledInAnOrderUnrelatedToTheVisitingOrder() {
        Workload w = Workload.build(12, Workload.Utilisation.MEDIUM, Workload.Keys.UNIFORM, 3);
        long[] order = w.insertionOrder();
        long[] sortedOrder = order.clone();
        long[] sortedCounted = w.counted.clone();
        java.util.Arrays.sort(sortedOrder);
        java.util.Arrays.sort(sortedCounted);
        assertArrayEquals(sortedCounted, sortedOrder, "the same frames");
        int samePlace = 0;
        for (int i = 0; i < order.length; i++) {
            if (order[i] == w.counted[i]) {
                samePlace++;
            }
        }
        assertTrue(samePlace < order.length / 100, samePlace + " of " + order.length + " frames kept their visiting position");
    }

    @Test
    void clusteredFramesCrowdIntoTwoMiBAreas() {
        Workload w = Workload.build(16, Workload.Utilisation.HIGH, Workload.Keys.CLUSTERED, 5);
        Map<Long, Integer> perArea = new HashMap<>();
        for (long f : w.counted) {
            perArea.merge(f >>> 9, 1, Integer::sum);
        }
        double mean = (double) w.counted.length / perArea.size();
        assertTrue(mean > 380 && mean <= 512, "about 450 counted frames per 2 MiB area, got " + mean);
        Workload u = Workload.build(16, Workload.Utilisation.HIGH, Workload.Keys.UNIFORM, 5);
        Set<Long> areas = new HashSet<>();
        for (long f : u.counted) {
            areas.add(f >>> 9);
        }
        double uniformMean = (double) u.counted.length / areas.size();
        assertTrue(uniformMean < 32, "uniform frames spread thinly over the areas: " + uniformMean + " per area");
    }

    /**
     * A fill whose last insert leaves a resize running (as rhashtable's last doubling did at
     * 2^22): the filled table handed to the benchmarks must have finished it. The resize is
     * started by the last increment while held, then let go at a pace.
     */
    @Test
    void aFilledTableHasNoResizeInProgress() {
        Workload w = Workload.build(10, Workload.Utilisation.MEDIUM, Workload.Keys.UNIFORM, 9);
        try (RefCountTable real = TableRegistry.create("rhashtable", w.config())) {
            ResizeControl control = real.resizeControl().orElseThrow();
            AtomicInteger increments = new AtomicInteger();
            AtomicInteger startedDuringFill = new AtomicInteger();
            RefCountTable lastInsertStartsAResize = (RefCountTable) Proxy.newProxyInstance(
                    RefCountTable.class.getClassLoader(), new Class<?>[] {RefCountTable.class}, (proxy, m, args) -> {
                        Object r;
                        try {
                            r = m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (m.getName().equals("increment") && increments.incrementAndGet() == w.counted.length) {
                            control.hold(); // no migration unit runs until pace: in progress for certain
                            if (control.startGrow() && control.inProgress()) {
                                startedDuringFill.incrementAndGet();
                            }
                            control.pace(TimeUnit.MICROSECONDS.toNanos(20));
                        }
                        return r;
                    });
            w.fill(lastInsertStartsAResize);
            assertEquals(1, startedDuringFill.get(), "the last insert started a resize that was still running");
            assertFalse(control.inProgress(), "the fill waited for the resize to finish");
            assertEquals(w.counted.length, real.entries());
            for (long f : w.counted) {
                assertEquals(2, real.get(f));
            }
        }
    }
}
