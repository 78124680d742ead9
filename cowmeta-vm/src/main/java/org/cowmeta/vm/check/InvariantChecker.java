package org.cowmeta.vm.check;

import java.util.HashMap;
import java.util.Map;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.vm.memory.FrameAllocator;
import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Pte;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.MemorySystem;
import org.cowmeta.vm.system.Morsel;

/**
 * Verifies a {@link MemorySystem} at a quiescent point (no operation in flight). It walks every
 * live address space and detached morsel from its root and checks:
 * <ul>
 * <li>every frame's count in the refcount table equals the number of references to it: entries
 * pointing at it, plus one for an address space's root and one per detached morsel handle
 * (a frame referenced once must be absent from the table, i.e. count 1);</li>
 * <li>the table holds no other entries ({@code entries()} equals the frames referenced twice or more);</li>
 * <li>every referenced frame is allocated, no frame is both a table and a page or a table at two
 * levels, and every allocated frame is referenced (no leak);</li>
 * <li>copy-on-write safety: a writable entry that no write-protected entry above protects
 * points at a frame whose count is 1 (else a write would reach a shared frame);</li>
 * <li>in tagged mode, exactly the reachable tables hold table storage.</li>
 * </ul>
 * {@link #checkEmpty} verifies the end state: allocator full, table empty.
 */
public final class InvariantChecker {
    private final MemorySystem system;
    private final PhysicalMemory memory;
    private final RefCountTable refs;
    private final FrameAllocator allocator;
    /** frame -> {references, level + 1 (0 for a page)}. */
    private final Map<Long, long[]> seen = new HashMap<>();
    private CheckReport report;

    private InvariantChecker(MemorySystem system) {
        this.system = system;
        this.memory = system.memory();
        this.refs = system.refs();
        this.allocator = system.allocator();
    }

    /** Checks {@code system}; call only when no operation is in flight. */
    public static CheckReport check(MemorySystem system) {
        return new InvariantChecker(system).run();
    }

    /** Checks that nothing is left: no live address space or morsel, allocator full, table empty. */
    public static CheckReport checkEmpty(MemorySystem system) {
        CheckReport r = check(system);
        if (!system.addressSpaces().isEmpty() || !system.detachedMorsels().isEmpty()) {
            r.violation(system.addressSpaces().size() + " address spaces and " + system.detachedMorsels().size() + " morsels still live");
        }
        FrameAllocator a = system.allocator();
        if (a.freeFrames() != a.totalFrames()) {
            r.violation("allocator has " + (a.totalFrames() - a.freeFrames()) + " frames still allocated");
        }
        if (system.refs().entries() != 0) {
            r.violation("refcount table still holds " + system.refs().entries() + " entries");
        }
        return r;
    }

    private CheckReport run() {
        report = new CheckReport();
        for (AddressSpace as : system.addressSpaces()) {
            report.addressSpaces++;
            reference(as.rootFrame(), as.rootLevel(), "root of " + as);
        }
        for (Morsel m : system.detachedMorsels()) {
            report.morsels++;
            reference(m.rootFrame(), m.level(), m.toString());
        }
        // The protection check walks each unprotected path; a protected subtree is only counted.
        for (AddressSpace as : system.addressSpaces()) {
            checkUnprotected(as.rootFrame(), as.rootLevel());
        }
        for (Morsel m : system.detachedMorsels()) {
            if (m.writable()) {
                checkUnprotected(m.rootFrame(), m.level());
            }
        }
        long counted = 0;
        for (Map.Entry<Long, long[]> e : seen.entrySet()) {
            long frame = e.getKey();
            long expected = e.getValue()[0];
            long actual = refs.get(frame);
            if (expected >= 2) {
                counted++;
            }
            if (actual != expected) {
                report.violation("frame " + frame + " (" + kind(e.getValue()[1]) + "): count " + actual
                        + " in the table, but " + expected + " references");
            }
            if (!allocator.isAllocated(frame)) {
                report.violation("frame " + frame + " (" + kind(e.getValue()[1]) + ") is referenced but free in the allocator");
            }
        }
        report.countedFrames = counted;
        if (refs.entries() != counted) {
            report.violation("refcount table holds " + refs.entries() + " entries, but " + counted
                    + " frames are referenced more than once");
        }
        long allocated = allocator.totalFrames() - allocator.freeFrames();
        if (allocated != seen.size()) {
            report.violation(allocated + " frames are allocated but " + seen.size() + " are referenced ("
                    + (allocated - seen.size()) + " leaked)");
        }
        if (memory.tableStorageInUse() >= 0 && memory.tableStorageInUse() != report.tables) {
            report.violation(memory.tableStorageInUse() + " frames hold table storage but " + report.tables + " tables are reachable");
        }
        return report;
    }

    /** Counts one reference to {@code frame} at {@code level} (0: a page); walks a table the first time. */
    private void reference(long frame, int level, String from) {
        long[] v = seen.get(frame);
        if (v != null) {
            v[0]++;
            if (v[1] != level) {
                report.violation("frame " + frame + " is used as " + kind(v[1]) + " and as " + kind(level) + " (by " + from + ")");
            }
            return;
        }
        seen.put(frame, new long[] {1, level});
        if (frame < 0 || frame >= allocator.totalFrames()) {
            report.violation("frame " + frame + " referenced by " + from + " is outside physical memory");
            return;
        }
        if (level == 0) {
            report.pages++;
            return;
        }
        report.tables++;
        if (!memory.hasTableStorage(frame)) {
            report.violation("table frame " + frame + " at level " + level + " has no table storage");
            return;
        }
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            long e = memory.entry(frame, i);
            if (Pte.present(e)) {
                if (Pte.writable(e) == Pte.cow(e)) {
                    report.violation("table " + frame + " entry " + i + " is both or neither writable and write-protected: 0x" + Long.toHexString(e));
                }
                reference(Pte.frame(e), level - 1, "table " + frame + " entry " + i);
            }
        }
    }

    /** Below a writable path, every writable entry must point at a frame counted once. */
    private void checkUnprotected(long table, int level) {
        for (int i = 0; i < PhysicalMemory.ENTRIES; i++) {
            long e = memory.entry(table, i);
            if (Pte.present(e) && Pte.writable(e)) {
                long child = Pte.frame(e);
                long c = refs.get(child);
                if (c != 1) {
                    report.violation("table " + table + " entry " + i + " is writable and unprotected but frame "
                            + child + " has count " + c);
                } else if (level > 1) {
                    checkUnprotected(child, level - 1);
                }
            }
        }
    }

    private static String kind(long level) {
        return level == 0 ? "page" : "level-" + level + " table";
    }
}
