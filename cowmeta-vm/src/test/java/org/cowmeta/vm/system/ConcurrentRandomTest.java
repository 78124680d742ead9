package org.cowmeta.vm.system;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.cowmeta.vm.testing.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized map/fork/write/read/unmap/morsel sequences on several threads at once, for every
 * fork strategy and every registered table. All threads write one shared address space (each
 * its own pages, in shared tables) and each works its own family of forks of it, so faults in
 * different address spaces race on shared tables and pages. After each phase the invariant
 * checker runs and every address space is read back against its model. The seed is printed in
 * every failure; rerun one with {@code -Dcowmeta.seed=<seed>}.
 */
class ConcurrentRandomTest {
    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;
    private static final int THREADS = 3;
    private static final int PHASES = 3;
    private static final int OPS = 250;
    private static final long EXTRA = 64 * MiB;
    private static final long MORSEL_AT = 4 * GiB;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String table : Machine.tables()) {
            for (String strategy : ForkStrategies.names()) {
                cases.add(Arguments.of(table, strategy));
            }
        }
        return cases.stream();
    }

    /** One address space a thread owns, with its model and optional regions. */
    private static final class Owned {
        final AddressSpace as;
        final Model model;
        boolean extra;
        int morselLevel; // 0: none mounted at MORSEL_AT

        Owned(AddressSpace as, Model model) {
            this.as = as;
            this.model = model;
        }
    }

    private static long sharedAddress(SplittableRandom rnd, int thread) {
        long first;
        long pages;
        if (rnd.nextBoolean()) {
            first = 0;
            pages = 16 * MiB / 4096;
        } else {
            first = (GiB - 2 * MiB) / 4096;
            pages = 4 * MiB / 4096;
        }
        long page = first + rnd.nextLong(pages);
        page += Math.floorMod(thread - page, THREADS); // this thread's pages only
        if (page >= first + pages) {
            page -= THREADS;
        }
        return page * 4096 + (rnd.nextInt(512) << 3);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void randomSequencesOnSeveralThreads(String table, String strategy) throws Exception {
        long seed = Long.getLong("cowmeta.seed", (table + strategy).hashCode() * 0x9E3779B97F4A7C15L);
        ContentMode mode = (seed & 1) == 0 ? ContentMode.FULL : ContentMode.TAGGED;
        FaultLookups lookups = (seed & 2) == 0 ? FaultLookups.EVERY_TABLE : FaultLookups.WRITE_PROTECTED_ONLY;
        String ctx = "seed " + seed + " (" + table + ", " + strategy + ", " + mode + ", " + lookups + ")";
        ForkStrategy fork = ForkStrategies.byName(strategy);
        SplittableRandom main = new SplittableRandom(seed);
        try (Machine m = new Machine(table, 1 << 15, mode, 4, seed, lookups)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(0, 16 * MiB);
            p.map(GiB - 2 * MiB, 4 * MiB);
            Model[] mp = new Model[THREADS];
            for (int t = 0; t < THREADS; t++) {
                mp[t] = new Model(mode);
                for (int i = 0; i < 100; i++) {
                    mp[t].write(p, sharedAddress(main, t), main.nextLong(), ctx);
                }
            }
            List<List<Owned>> families = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                families.add(new ArrayList<>());
            }
            for (int phase = 0; phase < PHASES; phase++) {
                String pctx = ctx + " phase " + phase;
                for (int t = 0; t < THREADS; t++) {
                    Model all = new Model(mode);
                    for (Model x : mp) {
                        all.putAll(x);
                    }
                    families.get(t).add(new Owned(p.fork(fork), all));
                }
                AtomicReference<Throwable> failure = new AtomicReference<>();
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int thread = t;
                    final long threadSeed = main.nextLong();
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                            run(thread, new SplittableRandom(threadSeed), p, mp[thread], families.get(thread), fork, mode,
                                    pctx + " thread " + thread);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                for (Thread th : threads) {
                    th.join();
                }
                if (failure.get() != null) {
                    throw new AssertionError(pctx + ": " + failure.get(), failure.get());
                }
                m.check(pctx);
                for (int t = 0; t < THREADS; t++) {
                    mp[t].verify(p, pctx + " shared");
                    for (Owned o : families.get(t)) {
                        o.model.verify(o.as, pctx + " family " + t);
                    }
                }
            }
            m.teardownAndCheck(ctx);
        }
    }

    private static void run(int thread, SplittableRandom rnd, AddressSpace shared, Model sharedModel,
                            List<Owned> family, ForkStrategy fork, ContentMode mode, String ctx) throws Exception {
        for (int op = 0; op < OPS; op++) {
            int kind = rnd.nextInt(100);
            Owned o = family.get(rnd.nextInt(family.size()));
            if (kind < 25) {
                sharedModel.write(shared, sharedAddress(rnd, thread), rnd.nextLong(), ctx);
            } else if (kind < 35) {
                long va = sharedAddress(rnd, thread);
                long got = shared.read(va);
                if (got != sharedModel.expected(va)) {
                    throw new AssertionError(ctx + ": shared read at 0x" + Long.toHexString(va) + " got " + got + " expected " + sharedModel.expected(va));
                }
            } else if (kind < 60) {
                long va = ownAddress(rnd, o);
                o.model.write(o.as, va, rnd.nextLong(), ctx);
            } else if (kind < 70) {
                long va = ownAddress(rnd, o);
                long got = o.as.read(va);
                if (got != o.model.expected(va)) {
                    throw new AssertionError(ctx + ": read at 0x" + Long.toHexString(va) + " in " + o.as + " got " + got + " expected " + o.model.expected(va));
                }
            } else if (kind < 76) {
                if (family.size() < 4) {
                    Owned c = new Owned(o.as.fork(fork), o.model.copy());
                    c.extra = o.extra;
                    c.morselLevel = o.morselLevel;
                    family.add(c);
                }
            } else if (kind < 80) {
                if (family.size() > 1) {
                    family.remove(o);
                    o.as.close();
                }
            } else if (kind < 86) {
                if (o.extra) {
                    o.as.unmap(EXTRA);
                    o.model.forget(EXTRA, EXTRA + 6 * MiB);
                    o.extra = false;
                } else {
                    o.as.map(EXTRA, 6 * MiB);
                    o.extra = true;
                }
            } else if (kind < 90) {
                if (o.morselLevel == 0) {
                    o.morselLevel = 1 + rnd.nextInt(2);
                    o.as.createMorsel(MORSEL_AT, o.morselLevel);
                } else {
                    o.as.unmap(MORSEL_AT);
                    o.model.forget(MORSEL_AT, MORSEL_AT + GiB);
                    o.morselLevel = 0;
                }
            } else {
                Owned to = family.get(rnd.nextInt(family.size()));
                if (to != o && o.morselLevel != 0 && to.morselLevel == 0) {
                    long end = MORSEL_AT + (o.morselLevel == 1 ? 2 * MiB : GiB);
                    o.model.copyRange(MORSEL_AT, end, to.model, 0);
                    to.morselLevel = o.morselLevel;
                    if (rnd.nextBoolean()) {
                        o.as.copyMorsel(MORSEL_AT, to.as, MORSEL_AT);
                    } else {
                        o.as.transfer(MORSEL_AT, to.as, MORSEL_AT);
                        o.model.forget(MORSEL_AT, end);
                        o.morselLevel = 0;
                    }
                }
            }
        }
    }

    private static long ownAddress(SplittableRandom rnd, Owned o) {
        int where = rnd.nextInt(o.extra && o.morselLevel != 0 ? 4 : o.extra || o.morselLevel != 0 ? 3 : 2);
        long va;
        if (where == 0) {
            va = rnd.nextLong(16 * MiB);
        } else if (where == 1) {
            va = GiB - 2 * MiB + rnd.nextLong(4 * MiB);
        } else if (where == 2 && o.extra) {
            va = EXTRA + rnd.nextLong(6 * MiB);
        } else {
            va = MORSEL_AT + rnd.nextLong(o.morselLevel == 1 ? 2 * MiB : 8 * MiB);
        }
        return va & ~7L;
    }
}
