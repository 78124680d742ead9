package org.cowmeta.vm.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.paging.Levels;
import org.cowmeta.vm.paging.Pte;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.testing.Machine;
import org.junit.jupiter.api.Test;

/** The checker finds what it promises to find: each kind of corruption, by frame number. */
class InvariantCheckerTest {

    private static boolean mentions(CheckReport r, String... words) {
        for (String v : r.violations()) {
            boolean all = true;
            for (String w : words) {
                all &= v.contains(w);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** A parent and a linux-forked child sharing two pages; returns the frame of the page at 0. */
    private static long setUp(Machine m, AddressSpace[] out) throws Exception {
        AddressSpace p = m.system.newAddressSpace();
        p.map(0, 1 << 20);
        p.write(0, 1);
        p.write(4096, 2);
        AddressSpace c = p.fork(ForkStrategies.byName("linux"));
        out[0] = p;
        out[1] = c;
        return p.translate(0);
    }

    @Test
    void findsAWrongCount() throws Exception {
        try (Machine m = new Machine("dense", 1 << 12, ContentMode.TAGGED)) {
            AddressSpace[] as = new AddressSpace[2];
            long page = setUp(m, as);
            assertTrue(InvariantChecker.check(m.system).ok());
            m.table.increment(page);
            CheckReport r = InvariantChecker.check(m.system);
            assertFalse(r.ok());
            assertTrue(mentions(r, "frame " + page, "count 3", "2 references"), r.toString());
            m.table.decrement(page);
            assertTrue(InvariantChecker.check(m.system).ok());
        }
    }

    @Test
    void findsAStaleEntryAndALeak() throws Exception {
        try (Machine m = new Machine("dense", 1 << 12, ContentMode.TAGGED)) {
            AddressSpace[] as = new AddressSpace[2];
            setUp(m, as);
            long stray = m.allocator.allocate(0);
            m.table.increment(stray);
            CheckReport r = InvariantChecker.check(m.system);
            assertTrue(mentions(r, "entries"), r.toString());
            assertTrue(mentions(r, "leaked"), r.toString());
            m.table.decrement(stray);
            m.allocator.free(stray, 0);
            assertTrue(InvariantChecker.check(m.system).ok());
        }
    }

    @Test
    void findsAReferencedFrameThatIsFree() throws Exception {
        try (Machine m = new Machine("dense", 1 << 12, ContentMode.TAGGED)) {
            AddressSpace[] as = new AddressSpace[2];
            long page = setUp(m, as);
            m.allocator.free(page, 0);
            CheckReport r = InvariantChecker.check(m.system);
            assertTrue(mentions(r, "frame " + page, "free in the allocator"), r.toString());
            assertTrue(m.allocator.claim(page));
            assertTrue(InvariantChecker.check(m.system).ok());
        }
    }

    @Test
    void findsAWritableEntryToASharedPage() throws Exception {
        try (Machine m = new Machine("dense", 1 << 12, ContentMode.TAGGED)) {
            AddressSpace[] as = new AddressSpace[2];
            long page = setUp(m, as);
            long l1 = levelOneTable(m, as[1]);
            long protectedEntry = m.system.memory().entry(l1, 0);
            m.system.memory().setEntry(l1, 0, Pte.makeWritable(protectedEntry)); // a write would reach the shared page
            CheckReport r = InvariantChecker.check(m.system);
            assertTrue(mentions(r, "writable and unprotected", "frame " + page), r.toString());
            m.system.memory().setEntry(l1, 0, protectedEntry);
            assertTrue(InvariantChecker.check(m.system).ok());
            m.teardownAndCheck("checker");
        }
    }

    @Test
    void findsWhatIsLeftAfterTeardown() throws Exception {
        try (Machine m = new Machine("dense", 1 << 12, ContentMode.TAGGED)) {
            AddressSpace[] as = new AddressSpace[2];
            setUp(m, as);
            long stray = m.allocator.allocate(0);
            m.system.exitAll();
            CheckReport r = InvariantChecker.checkEmpty(m.system);
            assertTrue(mentions(r, "still allocated"), r.toString());
            m.allocator.free(stray, 0);
            assertTrue(InvariantChecker.checkEmpty(m.system).ok());
        }
    }

    private static long levelOneTable(Machine m, AddressSpace as) {
        long table = as.rootFrame();
        for (int level = as.rootLevel(); level > 1; level--) {
            table = Pte.frame(m.system.memory().entry(table, Levels.index(0, level)));
        }
        return table;
    }
}
