package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.cowmeta.vm.testing.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Copy-on-write isolation through contents (full mode) and tags (tagged mode): after a fork,
 * a write by one owner is never visible to another, and every owner reads what it wrote, for
 * every fork strategy and every registered table.
 */
class CowIsolationTest {
    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String table : Machine.tables()) {
            for (ContentMode mode : ContentMode.values()) {
                for (String strategy : ForkStrategies.names()) {
                    // both lookup policies for every mode and strategy, alternating over the tables
                    FaultLookups lookups = FaultLookups.values()[cases.size() % 2];
                    cases.add(Arguments.of(table, mode, strategy, lookups));
                }
            }
        }
        return cases.stream();
    }

    private static long randomAddress(SplittableRandom rnd) {
        // two regions: 16 MiB at 0 (eight level-1 tables) and 4 MiB just below and above 1 GiB
        long va = rnd.nextBoolean() ? rnd.nextLong(16 * MiB) : GiB - 2 * MiB + rnd.nextLong(4 * MiB);
        return va & ~7L;
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void forkedOwnersNeverSeeEachOthersWrites(String table, ContentMode mode, String strategy, FaultLookups lookups) throws Exception {
        long seed = table.hashCode() * 31L + mode.ordinal() * 7L + strategy.hashCode();
        String ctx = "seed " + seed + " " + table + " " + mode + " " + strategy + " " + lookups;
        SplittableRandom rnd = new SplittableRandom(seed);
        ForkStrategy fork = ForkStrategies.byName(strategy);
        try (Machine m = new Machine(table, 1 << 14, mode, 4, seed, lookups)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(0, 16 * MiB);
            p.map(GiB - 2 * MiB, 4 * MiB);
            Model mp = new Model(mode);
            for (int i = 0; i < 400; i++) {
                mp.write(p, randomAddress(rnd), rnd.nextLong(), ctx);
            }
            // A page with words at both ends: a COW copy must carry the whole page.
            mp.write(p, 5 * MiB, 111, ctx);
            mp.write(p, 5 * MiB + 4088, 222, ctx);
            m.check(ctx + " before fork");

            AddressSpace c = p.fork(fork);
            Model mc = mp.copy();
            m.check(ctx + " after fork");
            mp.verify(p, ctx);
            mc.verify(c, ctx);

            mc.write(c, 5 * MiB + 8, 333, ctx);
            assertEquals(mode == ContentMode.FULL ? 111 : 333, c.read(5 * MiB), ctx + ": rest of the copied page");
            assertEquals(mode == ContentMode.FULL ? 222 : 333, c.read(5 * MiB + 4088), ctx);
            assertEquals(mode == ContentMode.FULL ? 0 : 222, p.read(5 * MiB + 8), ctx + ": parent unchanged");
            for (int i = 0; i < 300; i++) {
                long va = randomAddress(rnd);
                if (rnd.nextBoolean()) {
                    mp.write(p, va, rnd.nextLong(), ctx);
                } else {
                    mc.write(c, va, rnd.nextLong(), ctx);
                }
            }
            mp.verify(p, ctx + " parent");
            mc.verify(c, ctx + " child");
            m.check(ctx + " after writes");

            AddressSpace g = c.fork(fork);
            Model mg = mc.copy();
            AddressSpace[] owners = {p, c, g};
            Model[] models = {mp, mc, mg};
            for (int i = 0; i < 600; i++) {
                int o = rnd.nextInt(3);
                models[o].write(owners[o], randomAddress(rnd), rnd.nextLong(), ctx);
            }
            for (int o = 0; o < 3; o++) {
                models[o].verify(owners[o], ctx + " owner " + o);
            }
            m.check(ctx + " three owners");

            c.close();
            mp.verify(p, ctx);
            mg.verify(g, ctx);
            m.check(ctx + " after child exit");
            for (int i = 0; i < 200; i++) {
                mg.write(g, randomAddress(rnd), rnd.nextLong(), ctx);
            }
            mp.verify(p, ctx);
            mg.verify(g, ctx);
            FaultRecord totals = m.system.counters().snapshot();
            assertTrue(totals.pageCopies() + totals.pageReuses() > 0, ctx + ": no COW fault happened: " + totals);
            m.teardownAndCheck(ctx);
        }
    }
}
