package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forks of an address space while other threads keep writing it: a fork must see each page as
 * it was at one instant between the fork's start and end. Writers store increasing sequence
 * numbers in their own pages, so a child's value must lie between what the parent held just
 * before and just after the fork; and the child must not change as the parent goes on writing.
 */
class ForkWhileWritingTest {
    private static final int WRITERS = 2;
    private static final int PAGES_PER_WRITER = 200;
    private static final int FORKS = 8;

    @ParameterizedTest
    @ValueSource(strings = {"morsel", "linux", "odf"})
    void forkSnapshotsAreConsistent(String strategy) throws Exception {
        String ctx = strategy;
        try (Machine m = new Machine(Machine.tables().get(Machine.tables().size() > 1 ? 1 : 0), 1 << 15, ContentMode.TAGGED)) {
            AddressSpace p = m.system.newAddressSpace();
            long span = (long) WRITERS * PAGES_PER_WRITER * 4096;
            p.map(0, span);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                final int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        long seq = 1;
                        while (!stop.get()) {
                            for (int i = 0; i < PAGES_PER_WRITER && !stop.get(); i++) {
                                long va = (long) (i * WRITERS + writer) * 4096;
                                if (p.write(va, seq) != FaultResult.OK) {
                                    throw new AssertionError("write failed at " + va);
                                }
                            }
                            seq++;
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            try {
                int pages = WRITERS * PAGES_PER_WRITER;
                long[] before = new long[pages];
                long[] after = new long[pages];
                long[] seen = new long[pages];
                for (int f = 0; f < FORKS && failure.get() == null; f++) {
                    for (int i = 0; i < pages; i++) {
                        before[i] = p.read(i * 4096L);
                    }
                    AddressSpace c = p.fork(ForkStrategies.byName(strategy));
                    for (int i = 0; i < pages; i++) {
                        after[i] = p.read(i * 4096L);
                    }
                    for (int i = 0; i < pages; i++) {
                        seen[i] = c.read(i * 4096L);
                        assertTrue(seen[i] >= before[i] && seen[i] <= after[i], ctx + " fork " + f + " page " + i
                                + ": child reads " + seen[i] + ", parent held " + before[i] + " before and " + after[i] + " after");
                    }
                    Thread.sleep(2);
                    for (int i = 0; i < pages; i++) {
                        long again = c.read(i * 4096L);
                        assertTrue(again == seen[i], ctx + " fork " + f + " page " + i + ": child changed from " + seen[i] + " to " + again);
                    }
                    c.close();
                }
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
            if (failure.get() != null) {
                throw new AssertionError(ctx + ": " + failure.get(), failure.get());
            }
            m.check(ctx);
            m.teardownAndCheck(ctx);
        }
    }
}
