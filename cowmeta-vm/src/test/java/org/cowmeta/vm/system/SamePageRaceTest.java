package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Races on the very same pages: after a fork, two threads write different words of the same
 * shared pages in the child while two others do the same in the parent, so COW breaks of one
 * table or page race in one address space and across the two. No write may be lost (a second
 * copy of a page must not overwrite the first) and neither side may see the other's words.
 */
class SamePageRaceTest {
    private static final int PAGES = 96;
    private static final int ROUNDS = 4;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String table : Machine.tables()) {
            for (String strategy : ForkStrategies.names()) {
                cases.add(Arguments.of(table, strategy));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void noWriteIsLostOrLeaks(String table, String strategy) throws Exception {
        long seed = (table + strategy).hashCode();
        String ctx = "seed " + seed + " " + table + " " + strategy;
        try (Machine m = new Machine(table, 1 << 14, ContentMode.FULL, 4, seed)) {
            AddressSpace p = m.system.newAddressSpace();
            long base = (1L << 30) - (PAGES / 2) * 4096L; // straddles two level-2 tables
            p.map(base, PAGES * 4096L);
            for (int round = 0; round < ROUNDS; round++) {
                for (int pg = 0; pg < PAGES; pg++) {
                    for (int w = 0; w < 4; w++) {
                        assertEquals(FaultResult.OK, p.write(base + pg * 4096L + w * 8, -1 - w));
                    }
                }
                AddressSpace c = p.fork(ForkStrategies.byName(strategy));
                AddressSpace[] side = {c, c, p, p};
                AtomicReference<Throwable> failure = new AtomicReference<>();
                CyclicBarrier go = new CyclicBarrier(4);
                List<Thread> threads = new ArrayList<>();
                final int r = round;
                for (int t = 0; t < 4; t++) {
                    final int word = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            SplittableRandom rnd = new SplittableRandom(seed * 31 + word + r);
                            go.await();
                            for (int i = 0; i < PAGES; i++) {
                                int pg = (int) ((i * 37L + rnd.nextInt(2)) % PAGES);
                                side[word].write(base + pg * 4096L + word * 8, pg * 10L + word);
                            }
                            for (int pg = 0; pg < PAGES; pg++) { // any page the loop skipped
                                side[word].write(base + pg * 4096L + word * 8, pg * 10L + word);
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                for (Thread th : threads) {
                    th.join();
                }
                if (failure.get() != null) {
                    throw new AssertionError(ctx + ": " + failure.get(), failure.get());
                }
                for (int pg = 0; pg < PAGES; pg++) {
                    long va = base + pg * 4096L;
                    assertEquals(pg * 10L, c.read(va), ctx + " child word 0 page " + pg);
                    assertEquals(pg * 10L + 1, c.read(va + 8), ctx + " child word 1 page " + pg);
                    assertEquals(-3, c.read(va + 16), ctx + " child must not see the parent's word 2, page " + pg);
                    assertEquals(-4, c.read(va + 24), ctx + " child must not see the parent's word 3, page " + pg);
                    assertEquals(-1, p.read(va), ctx + " parent must not see the child's word 0, page " + pg);
                    assertEquals(-2, p.read(va + 8), ctx + " parent must not see the child's word 1, page " + pg);
                    assertEquals(pg * 10L + 2, p.read(va + 16), ctx + " parent word 2 page " + pg);
                    assertEquals(pg * 10L + 3, p.read(va + 24), ctx + " parent word 3 page " + pg);
                }
                m.check(ctx + " round " + round);
                c.close();
            }
            m.teardownAndCheck(ctx);
        }
    }
}
