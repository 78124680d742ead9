package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.cowmeta.vm.testing.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: the allocator fails after N allocations. A fault that runs out of frames
 * returns OUT_OF_MEMORY with nothing changed (no count moved, no frame taken, contents as
 * before), and the same access succeeds once memory is back. Forks fail cleanly too.
 */
class OutOfMemoryTest {
    private static final long MiB = 1L << 20;

    /** Everything observable that must not change when an operation fails. */
    private record State(long free, long entries, String counts) {
        static State of(Machine m, AddressSpace... spaces) {
            StringBuilder b = new StringBuilder();
            for (AddressSpace as : spaces) {
                for (long va = 0; va < 4 * MiB; va += 64 * 1024) {
                    long f = as.translate(va);
                    b.append(f).append(':').append(f < 0 ? 0 : m.table.get(f)).append(' ');
                }
            }
            return new State(m.allocator.freeFrames(), m.table.entries(), b.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"morsel", "linux", "odf"})
    void faultsFailWithoutChangingAnything(String strategy) throws Exception {
        long seed = strategy.hashCode();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (ContentMode mode : ContentMode.values()) {
            String ctx = "seed " + seed + " " + strategy + " " + mode;
            try (Machine m = new Machine(Machine.tables().get(0), 1 << 14, mode)) {
                AddressSpace p = m.system.newAddressSpace();
                p.map(0, 4 * MiB);
                Model mp = new Model(mode);
                for (long va = 0; va < 4 * MiB; va += 4096 * 5) {
                    mp.write(p, va, rnd.nextLong(), ctx);
                }
                AddressSpace c = p.fork(ForkStrategies.byName(strategy));
                Model mc = mp.copy();
                int sawOom = 0;
                // each target: a shared page, an untouched page, a page in an untouched table
                long[] targets = {4096 * 5 * 7, 4096 * 5 * 7 + 4096, 3 * MiB + 8192};
                for (long va : targets) {
                    for (AddressSpace[] order : new AddressSpace[][] {{c, p}, {p, c}}) {
                        AddressSpace w = order[0];
                        Model mw = w == c ? mc : mp;
                        for (int n = 0; ; n++) {
                            State before = State.of(m, p, c);
                            m.allocator.failAfter(n);
                            long value = rnd.nextLong();
                            FaultRecord rec = new FaultRecord();
                            FaultResult r = w.write(va, value, rec);
                            m.allocator.heal();
                            if (r == FaultResult.OUT_OF_MEMORY) {
                                sawOom++;
                                assertEquals(FaultResult.OUT_OF_MEMORY, rec.result(), ctx);
                                assertEquals(before, State.of(m, p, c), ctx + ": OOM after " + n + " frames changed state " + rec);
                                m.check(ctx + " after OOM at " + n);
                                mp.verify(p, ctx);
                                mc.verify(c, ctx);
                                continue;
                            }
                            assertEquals(FaultResult.OK, r, ctx);
                            mw.put(va, value);
                            break;
                        }
                        mp.verify(p, ctx);
                        mc.verify(c, ctx);
                        m.check(ctx + " after write at " + va);
                    }
                }
                assertTrue(sawOom >= targets.length, ctx + ": every target needed frames, yet only " + sawOom + " OOMs");
                m.teardownAndCheck(ctx);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"morsel", "linux", "odf"})
    void forksFailCleanlyAndSucceedLater(String strategy) throws Exception {
        String ctx = strategy;
        try (Machine m = new Machine(Machine.tables().get(0), 1 << 14, ContentMode.TAGGED)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(0, 8 * MiB);
            p.map(1L << 30, 4 * MiB);
            Model mp = new Model(ContentMode.TAGGED);
            for (long va = 0; va < 8 * MiB; va += 4096 * 3) {
                mp.write(p, va, va * 3 + 1, ctx);
            }
            mp.write(p, 1L << 30, 5, ctx);
            int failures = 0;
            for (int n = 0; ; n++) {
                State before = State.of(m, p);
                m.allocator.failAfter(n);
                try {
                    AddressSpace c = p.fork(ForkStrategies.byName(strategy));
                    m.allocator.heal();
                    mp.verify(c, ctx + " child");
                    break;
                } catch (OutOfFramesException e) {
                    m.allocator.heal();
                    failures++;
                    assertEquals(before, State.of(m, p), ctx + ": failed fork after " + n + " frames changed state");
                    assertEquals(1, m.system.addressSpaces().size(), ctx);
                    m.check(ctx + " after failed fork " + n);
                    mp.verify(p, ctx);
                }
            }
            assertTrue(failures >= 1, ctx);
            m.check(ctx);
            m.allocator.failAfter(0);
            assertThrows(OutOfFramesException.class, () -> m.system.newAddressSpace());
            assertThrows(OutOfFramesException.class, () -> p.createMorsel(1L << 39, 2));
            m.allocator.heal();
            m.check(ctx + " after failed creations");
            m.teardownAndCheck(ctx);
        }
    }
}
