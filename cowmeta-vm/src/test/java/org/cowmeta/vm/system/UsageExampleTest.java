package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.check.InvariantChecker;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.FrameAllocator;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.junit.jupiter.api.Test;

/** The usage example of the package documentation, kept compiling and true. */
class UsageExampleTest {

    @Test
    void theDocumentedExampleWorks() throws Exception {
        long frames = 1L << 20;                                     // 4 GiB of simulated memory
        FrameAllocator alloc = new LLFreeAllocator(frames, 2);
        try (RefCountTable table = TableRegistry.create("dense", TableConfig.of(frames));
             MemorySystem sys = MemorySystem.create(alloc, table, ContentMode.TAGGED)) {
            AddressSpace parent = sys.newAddressSpace();
            parent.map(0, 64L << 20);
            parent.write(4096, 42);
            AddressSpace child = parent.fork(ForkStrategies.byName("morsel"));
            FaultRecord rec = new FaultRecord();
            child.write(4096, 7, rec);
            assertEquals(3, rec.tableCopies());
            assertEquals(1, rec.pageCopies());
            assertEquals(42, parent.read(4096));
            assertEquals(7, child.read(4096));
            parent.createMorsel(1L << 30, 2);
            parent.copyMorsel(1L << 30, child, 2L << 30);
            parent.transfer(1L << 30, child, 3L << 30);
            InvariantChecker.check(sys).assertOk("example");
            child.close();
            assertTrue(sys.counters().snapshot().faults() >= 2);
        }
        assertEquals(alloc.totalFrames(), alloc.freeFrames());
    }
}
