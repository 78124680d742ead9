package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refcount table that throws inside a fault (a bug in a table, or one out of memory) must not
 * leave a page-table lock held: the walks take the locks hand over hand, and a lock left behind
 * makes the next walk through that table spin for good.
 */
class FailingTableTest {
    private static final long FRAMES = 1 << 14;

    /** A table that delegates, and throws on {@code get} while armed. */
    private static final class FailingTable implements RefCountTable {
        private final RefCountTable inner;
        volatile boolean failGets;

        FailingTable(RefCountTable inner) {
            this.inner = inner;
        }

        @Override
        public long get(long frame) {
            if (failGets) {
                throw new IllegalStateException("the table failed on get(" + frame + ")");
            }
            return inner.get(frame);
        }

        @Override
        public long increment(long frame) {
            return inner.increment(frame);
        }

        @Override
        public long decrement(long frame) {
            return inner.decrement(frame);
        }

        @Override
        public void seed(long frame, long count) {
            inner.seed(frame, count);
        }

        @Override
        public long entries() {
            return inner.entries();
        }

        @Override
        public Footprint footprint() {
            return inner.footprint();
        }

        @Override
        public TableStats stats() {
            return inner.stats();
        }

        @Override
        public void trace(Op op, long frame, AccessTrace trace) {
            inner.trace(op, frame, trace);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FaultLookups.class)
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against the hang this test is about (a spinning lock ignores interrupts), not a measurement
    void aTableThatFailsInAFaultLeavesNoPageTableLockHeld(FaultLookups lookups) throws Exception {
        try (FailingTable table = new FailingTable(TableRegistry.create("chm", TableConfig.of(FRAMES)));
             MemorySystem system = MemorySystem.create(new LLFreeAllocator(FRAMES, 2), table, ContentMode.FULL, 4, lookups)) {
            AddressSpace parent = system.newAddressSpace();
            parent.map(0, 1 << 20);
            parent.write(0, 11);
            AddressSpace child = parent.fork(ForkStrategies.byName("linux")); // the page is shared write-protected

            table.failGets = true;
            assertThrows(IllegalStateException.class, () -> child.write(0, 22), "the fault looks up the shared page");
            table.failGets = false;

            // each walks through the leaf table the failed fault had locked
            assertEquals(11, child.read(0));
            assertEquals(FaultResult.OK, child.write(0, 22));
            assertEquals(22, child.read(0));
            assertEquals(11, parent.read(0));
            system.exitAll();
        }
    }
}
