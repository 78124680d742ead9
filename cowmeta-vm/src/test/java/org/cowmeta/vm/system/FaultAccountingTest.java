package org.cowmeta.vm.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.testing.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kind of fault does exactly what the algorithm says, call by call: copies, reuses, and
 * refcount lookups under both lookup policies. Two pages at 0 and 4 KiB share one level-1 table.
 */
class FaultAccountingTest {

    private static FaultRecord write(AddressSpace as, long va) {
        FaultRecord r = new FaultRecord();
        assertEquals(FaultResult.OK, as.write(va, va + 1, r));
        return r;
    }

    private static void expect(String what, FaultRecord r, long tableCopies, long pageCopies, long tableReuses,
                               long pageReuses, long gets, long decrements, long incrementAllCalls) {
        String ctx = what + ": " + r;
        assertEquals(tableCopies, r.tableCopies(), ctx + " tableCopies");
        assertEquals(pageCopies, r.pageCopies(), ctx + " pageCopies");
        assertEquals(tableReuses, r.tableReuses(), ctx + " tableReuses");
        assertEquals(pageReuses, r.pageReuses(), ctx + " pageReuses");
        assertEquals(gets, r.gets(), ctx + " gets");
        assertEquals(decrements, r.decrements(), ctx + " decrements");
        assertEquals(incrementAllCalls, r.incrementAllCalls(), ctx + " incrementAll calls");
        assertEquals(tableCopies + pageCopies, r.framesAllocated(), ctx + " frames allocated");
        assertEquals(1, r.faults(), ctx + " faults");
    }

    private static Machine machine(FaultLookups lookups) {
        return new Machine("dense", 1 << 12, ContentMode.FULL, 4, 1, lookups);
    }

    @ParameterizedTest
    @EnumSource(FaultLookups.class)
    void morselForkBreaksEveryLevelThenReuses(FaultLookups lookups) throws Exception {
        boolean every = lookups == FaultLookups.EVERY_TABLE;
        try (Machine m = machine(lookups)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(0, 1 << 20);
            write(p, 0);
            write(p, 4096);
            AddressSpace c = p.fork(ForkStrategies.byName("morsel"));
            // child: level-3, -2, -1 tables and the page are shared: four breaks
            expect("child first write", write(c, 0), 3, 1, 0, 0, 4, 4, 3);
            // parent: its tables are now its alone (count 1) but write-protected: reuse all the way
            expect("parent reuse", write(p, 0), 0, 0, 3, 1, 4, 0, 0);
            // parent, the other page: only its entry is protected; the page is shared with the child
            expect("parent page copy", write(p, 4096), 0, 1, 0, 0, every ? 4 : 1, 1, 0);
            m.check(lookups.toString());
            m.teardownAndCheck(lookups.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(FaultLookups.class)
    void linuxForkCopiesOrReusesPages(FaultLookups lookups) throws Exception {
        boolean every = lookups == FaultLookups.EVERY_TABLE;
        try (Machine m = machine(lookups)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(0, 1 << 20);
            write(p, 0);
            AddressSpace c = p.fork(ForkStrategies.byName("linux"));
            expect("child copy", write(c, 0), 0, 1, 0, 0, every ? 4 : 1, 1, 0);
            expect("parent reuse", write(p, 0), 0, 0, 0, 1, every ? 4 : 1, 0, 0);
            m.teardownAndCheck(lookups.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(FaultLookups.class)
    void odfCopiesTheLevelOneTableOnFirstFault(FaultLookups lookups) throws Exception {
        boolean every = lookups == FaultLookups.EVERY_TABLE;
        try (Machine m = machine(lookups)) {
            AddressSpace p = m.system.newAddressSpace();
            p.map(0, 1 << 20);
            write(p, 0);
            write(p, 4096);
            AddressSpace c = p.fork(ForkStrategies.byName("odf"));
            // the shared level-1 table is copied (a reference on each of its 2 pages), then the page
            expect("child first write", write(c, 0), 1, 1, 0, 0, every ? 4 : 2, 2, 1);
            // the parent's level-1 table is its alone now: reuse it, then copy the shared page
            expect("parent write", write(p, 0), 0, 0, 1, 1, every ? 4 : 2, 0, 0);
            m.check(lookups.toString());
            m.teardownAndCheck(lookups.toString());
        }
    }
}
