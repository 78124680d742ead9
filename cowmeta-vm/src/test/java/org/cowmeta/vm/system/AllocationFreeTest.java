package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot path allocates nothing: first-touch faults, reads, COW faults (table and page breaks,
 * reuses) and exits with their releases, measured with the JVM's per-thread allocation counter
 * on a warmed-up round (the first rounds run in the interpreter, which allocates on its own).
 * Forks are outside the measurement: they create an address-space object.
 */
class AllocationFreeTest {
    private static final long MiB = 1L << 20;
    /** Keeps the reads' results alive. */
    static long sink;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @EnumSource(ContentMode.class)
    void faultsAndAccessesAllocateNothing(ContentMode mode) throws Exception {
        try (Machine m = new Machine("dense", 1 << 15, mode)) {
            long allocated = 0;
            for (int round = 0; round < 4; round++) {
                AddressSpace p = m.system.newAddressSpace();
                p.map(0, 8 * MiB);
                AddressSpace q = m.system.newAddressSpace();
                long before = allocatedBytes();
                for (long va = 0; va < 4 * MiB; va += 4096) {
                    assertEquals(FaultResult.OK, p.write(va, va)); // first touch
                }
                allocated = allocatedBytes() - before;
                AddressSpace c = p.fork(ForkStrategies.byName(round % 2 == 0 ? "morsel" : "linux"));
                before = allocatedBytes();
                long sum = 0;
                for (long va = 0; va < 4 * MiB; va += 4096) {
                    assertEquals(FaultResult.OK, c.write(va, -va));   // COW breaks: tables, then pages
                    assertEquals(FaultResult.OK, p.write(va, va + 2)); // copy or reuse
                    sum += c.read(va) + p.read(va);
                }
                c.close();
                p.close();
                allocated += allocatedBytes() - before;
                q.close();
                sink += sum;
            }
            FaultRecord t = m.system.counters().snapshot();
            assertTrue(t.pageCopies() > 0 && t.tableCopies() > 0, t.toString());
            assertTrue(allocated < 8 * 1024, mode + ": the last round's faults and accesses allocated " + allocated + " bytes");
            m.check("allocation test");
        }
    }
}
