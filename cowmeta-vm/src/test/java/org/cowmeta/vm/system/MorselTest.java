package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.paging.Levels;
import org.cowmeta.vm.testing.Machine;
import org.cowmeta.vm.testing.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Morsels: create, mount, O(1) copy (one increment), O(1) transfer (no count), detached handles, 5-level roots. */
class MorselTest {
    private static final long GiB = 1L << 30;

    private static FaultRecord delta(MemorySystem sys, FaultRecord before) {
        return sys.counters().snapshot().since(before);
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {1, 2, 3})
    void copyIsOneIncrementAndTransferMovesNoCount(int level) throws Exception {
        long seed = 77 + level;
        String ctx = "seed " + seed + " level " + level;
        SplittableRandom rnd = new SplittableRandom(seed);
        long size = Levels.span(level);
        long at = 3 * size; // aligned, below 2 TiB for level 3
        long spread = Math.min(size, 64L << 20);
        try (Machine m = new Machine(Machine.tables().get(0), 1 << 14, ContentMode.FULL)) {
            MemorySystem sys = m.system;
            AddressSpace a = sys.newAddressSpace();
            AddressSpace b = sys.newAddressSpace();
            AddressSpace c = sys.newAddressSpace();
            a.createMorsel(at, level);
            Model ma = new Model(ContentMode.FULL);
            for (int i = 0; i < 200; i++) {
                ma.write(a, at + (rnd.nextLong(spread) & ~7L), rnd.nextLong(), ctx);
            }
            m.check(ctx + " populated");

            FaultRecord before = sys.counters().snapshot();
            a.copyMorsel(at, b, 5 * size);
            FaultRecord d = delta(sys, before);
            assertEquals(1, d.increments(), ctx + ": copy must be one increment: " + d);
            assertEquals(0, d.refCountCalls() - d.increments(), ctx + ": copy makes no other refcount call: " + d);
            m.check(ctx + " copied");

            Model mb = new Model(ContentMode.FULL);
            for (var region : b.regions()) {
                assertEquals(Region.Kind.MORSEL, region.kind(), ctx);
            }
            // b sees a's contents at its own address
            for (int i = 0; i < 50; i++) {
                long off = rnd.nextLong(spread) & ~7L;
                assertEquals(ma.expected(at + off), b.read(5 * size + off), ctx + " copy reads the original");
                mb.put(5 * size + off, ma.expected(at + off));
            }
            for (int i = 0; i < 100; i++) {
                long off = rnd.nextLong(spread) & ~7L;
                if (rnd.nextBoolean()) {
                    ma.write(a, at + off, rnd.nextLong(), ctx);
                } else {
                    mb.write(b, 5 * size + off, rnd.nextLong(), ctx);
                }
            }
            ma.verify(a, ctx);
            mb.verify(b, ctx);
            m.check(ctx + " after writes");

            before = sys.counters().snapshot();
            a.transfer(at, c, 7 * size);
            d = delta(sys, before);
            assertEquals(0, d.refCountCalls(), ctx + ": transfer moves no count: " + d);
            assertThrows(SegmentationFault.class, () -> a.read(at));
            for (int i = 0; i < 50; i++) {
                long off = rnd.nextLong(spread) & ~7L;
                assertEquals(ma.expected(at + off), c.read(7 * size + off), ctx + " transferred contents");
            }
            m.check(ctx + " transferred");

            // detached handles: unmount, copy, mount both elsewhere, release one
            Morsel h = c.unmount(7 * size);
            assertTrue(h.isDetached());
            Morsel h2 = h.copy();
            assertFalse(h.writable());
            m.check(ctx + " detached");
            a.mount(h, at);
            assertFalse(h.isDetached());
            assertThrows(IllegalStateException.class, () -> c.mount(h, 7 * size));
            c.mount(h2, 9 * size);
            for (int i = 0; i < 50; i++) {
                long off = rnd.nextLong(spread) & ~7L;
                assertEquals(ma.expected(at + off), a.read(at + off), ctx);
                assertEquals(ma.expected(at + off), c.read(9 * size + off), ctx);
            }
            Morsel h3 = c.copyMorsel(9 * size);
            m.check(ctx + " remounted");
            h3.release();
            c.unmap(9 * size);
            ma.verify(a, ctx);
            m.check(ctx + " released");
            m.teardownAndCheck(ctx);
        }
    }

    @Test
    void fiveLevelRootsMapAboveTheFourLevelLimit() throws Exception {
        String ctx = "five levels";
        try (Machine m = new Machine(Machine.tables().get(0), 1 << 13, ContentMode.TAGGED, 5, 1)) {
            AddressSpace a = m.system.newAddressSpace();
            long high = 300L << 40; // 300 TiB, beyond a 4-level tree's 256 TiB
            a.map(high, 1 << 22);
            a.createMorsel(1L << 48, 3);
            Model ma = new Model(ContentMode.TAGGED);
            ma.write(a, high + 4096, 42, ctx);
            ma.write(a, (1L << 48) + 12345 * 4096L, 43, ctx);
            for (String s : ForkStrategies.names()) {
                AddressSpace child = a.fork(ForkStrategies.byName(s));
                Model mc = ma.copy();
                mc.write(child, high + 4096, 7, ctx);
                ma.verify(a, ctx + " " + s);
                mc.verify(child, ctx + " " + s);
                m.check(ctx + " " + s);
                child.close();
            }
            assertThrows(IllegalArgumentException.class, () -> a.map(1L << 57, 4096));
            m.teardownAndCheck(ctx);
        }
    }

    @Test
    void unmapDropsWholeTablesAndKeepsNeighbours() throws Exception {
        String ctx = "unmap";
        try (Machine m = new Machine(Machine.tables().get(0), 1 << 14, ContentMode.FULL)) {
            AddressSpace a = m.system.newAddressSpace();
            long mib = 1 << 20;
            a.map(0, 3 * mib + 8192);           // ends inside a level-1 table
            a.map(3 * mib + 8192, 5 * mib);     // its neighbour shares that table
            Model ma = new Model(ContentMode.FULL);
            for (long va = 0; va < 8 * mib; va += 4096 * 3) {
                ma.write(a, va, va + 1, ctx);
            }
            AddressSpace child = a.fork(ForkStrategies.byName("morsel"));
            Model mc = ma.copy();
            a.unmap(0); // the edge table is shared with the child: unmap must copy it first
            ma.forget(0, 3 * mib + 8192);
            assertThrows(SegmentationFault.class, () -> a.read(0));
            ma.verify(a, ctx);
            mc.verify(child, ctx);
            m.check(ctx);
            child.unmap(3 * mib + 8192);
            mc.forget(3 * mib + 8192, 8 * mib + 8192);
            mc.verify(child, ctx);
            m.check(ctx + " child");
            m.teardownAndCheck(ctx);
        }
    }
}
