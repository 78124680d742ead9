package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cowmeta.tables.TableSpec;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.cowmeta.vm.testing.Model;
import org.junit.jupiter.api.Test;

/**
 * A terabyte of simulated memory (2^28 frames) in tagged mode: a 64 GiB anonymous region is
 * touched sparsely, forked with each strategy, written on both sides and checked. Data frames
 * cost a tag only where written and tables get storage lazily, so this fits a small heap.
 * Runs on one hash table (the struct-page baseline would itself take 2 GiB here) when one is
 * registered, else on the first table.
 */
class TeraTaggedTest {
    private static final long FRAMES = 1L << 28;
    private static final long REGION = 64L << 30;

    private static String sparseTable() {
        for (TableSpec spec : TableRegistry.all()) {
            if (!spec.family().equals("baseline")) {
                return spec.name();
            }
        }
        return TableRegistry.all().get(0).name();
    }

    @Test
    void oneTebibyteSparse64GiBForkWriteCheck() throws Exception {
        long seed = 0x7e7aL;
        String table = sparseTable();
        String ctx = "seed " + seed + " table " + table;
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Machine m = new Machine(table, FRAMES, ContentMode.TAGGED, 4, seed)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(1L << 30, REGION);
            Model mp = new Model(ContentMode.TAGGED);
            for (int i = 0; i < 4000; i++) {
                mp.write(p, (1L << 30) + (rnd.nextLong(REGION) & ~4095L), rnd.nextLong(), ctx);
            }
            m.check(ctx + " populated");
            for (String s : ForkStrategies.names()) {
                AddressSpace c = p.fork(ForkStrategies.byName(s));
                Model mc = mp.copy();
                for (int i = 0; i < 1000; i++) {
                    long va = (1L << 30) + (rnd.nextLong(REGION) & ~4095L);
                    if (rnd.nextBoolean()) {
                        mp.write(p, va, rnd.nextLong(), ctx);
                    } else {
                        mc.write(c, va, rnd.nextLong(), ctx);
                    }
                }
                mp.verify(p, ctx + " " + s);
                mc.verify(c, ctx + " " + s);
                m.check(ctx + " " + s);
                c.close();
            }
            long offHeap = m.system.memory().jvmBytes();
            assertTrue(offHeap < (256L << 20), ctx + ": simulated terabyte takes " + offHeap + " bytes off-heap");
            m.teardownAndCheck(ctx);
        }
    }
}
