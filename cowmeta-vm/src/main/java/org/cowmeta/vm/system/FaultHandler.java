package org.cowmeta.vm.system;

import org.cowmeta.vm.memory.PhysicalMemory;
import org.cowmeta.vm.paging.Levels;
import org.cowmeta.vm.paging.Pte;
import org.cowmeta.vm.paging.TableLocks;

/**
 * Walks and the write-fault handler: the hierarchical copy-on-write algorithm of docs/architecture.md.
 *
 * <p><b>Write.</b> Walk from the root down; a write needs every entry on the path writable, as
 * on x86. At an entry that is not:
 * <ul>
 * <li>absent: allocate a zeroed table (or, at the leaf, a zeroed page) and install it writable;</li>
 * <li>write-protected for sharing, pointing at T: {@code c = get(T)}. If c > 1, break: allocate
 * T', copy its 512 entries write-protecting those that point further down (in T too),
 * {@code incrementAll(children)}, install T' writable, {@code decrement(T)}; at the leaf, copy the
 * page instead. If c == 1, reuse: make the entry writable.</li>
 * </ul>
 * A writable entry never points at a frame whose count is above 1 unless a write-protected entry
 * above it protects the subtree (every copy write-protects; the checker verifies this). With
 * {@link FaultLookups#EVERY_TABLE} (docs/architecture.md's letter) a faulting access still calls
 * {@code get} on every table below the root and on the page, the writable ones included (those
 * above the first write-protected entry when it is found, in top-down order); with
 * {@link FaultLookups#WRITE_PROTECTED_ONLY} only the write-protected entries' frames are looked
 * up, as a kernel would do, since only they make the hardware fault.
 *
 * <p><b>All or nothing.</b> Once a break or an allocation is needed at a child of level k, the
 * rest of the path needs at most one frame per level from k down to the stop level (the
 * children of a fresh copy are shared, so they break too). The handler allocates that many
 * frames <i>before</i> it changes anything that moves a count; if the allocator runs dry it
 * returns {@link FaultResult#OUT_OF_MEMORY} with every count and frame as before. Frames left
 * over (a concurrent owner dropped its share, so a break became a reuse) are freed at the end.
 *
 * <p><b>Locks.</b> The caller holds its address space's lock (shared for accesses). Table locks
 * are taken top-down hand over hand: the child's lock is taken before the parent's is let go, so
 * an entry a walker just followed cannot be swapped and its table freed under it (a table's
 * release first waits on its lock, see {@link PageTableOps#release}). A shared table (count > 1)
 * is read without its lock: nobody changes it but for setting write-protect bits. Releases of
 * tables whose count reached 0 during the fault run after all locks are let go.
 */
final class FaultHandler {
    private final PhysicalMemory memory;
    private final TableLocks locks;
    private final PageTableOps ops;
    private final boolean everyTable;

    FaultHandler(PageTableOps ops, FaultLookups lookups) {
        this.memory = ops.memory();
        this.locks = ops.locks();
        this.ops = ops;
        this.everyTable = lookups == FaultLookups.EVERY_TABLE;
    }

    /** A read: a walk under hand-over-hand locks, no count touched; an absent page reads 0. */
    long read(long root, int rootLevel, long va) {
        return walk(root, rootLevel, va, true);
    }

    /** The frame {@code va} maps to, or -1 (a walk, no count touched). */
    long translate(long root, int rootLevel, long va) {
        return walk(root, rootLevel, va, false);
    }

    /**
     * Walks under hand-over-hand locks to the page {@code va} maps: returns its word at {@code va}
     * ({@code readWord}; 0 when nothing is mapped) or its frame (-1 when nothing is mapped).
     */
    private long walk(long root, int rootLevel, long va, boolean readWord) {
        long table = root;
        int level = rootLevel;
        locks.lock(table, level);
        try {
            while (true) {
                long e = memory.entry(table, Levels.index(va, level));
                if (!Pte.present(e)) {
                    return readWord ? 0 : -1;
                }
                long child = Pte.frame(e);
                if (level == 1) {
                    return readWord ? memory.readWord(child, (int) (va & 0xFF8)) : child;
                }
                long parent = table;
                locks.lock(child, level - 1);
                table = child; // from here the lock released at the end is the child's
                level--;
                locks.unlock(parent, level + 1);
            }
        } finally {
            locks.unlock(table, level);
        }
    }

    /**
     * Makes the path to {@code va} writable down to {@code stopLevel} and returns the frame
     * there: at stop level 0 the data page, after storing {@code value} at {@code va}'s word
     * (a write access); at stop level L >= 1 the private level-L table (for mounting). Returns
     * -1 when out of memory (nothing changed). Call {@link PageTableOps#finish} afterwards.
     */
    long writePath(long root, int rootLevel, long va, int stopLevel, long value, Scratch s) {
        return writePath(root, rootLevel, va, stopLevel, value, true, s);
    }

    /**
     * As above; with {@code populate} false an absent entry ends the walk instead (returns -2:
     * nothing is mapped below), for unmapping, which must not build tables only to empty them.
     */
    long writePath(long root, int rootLevel, long va, int stopLevel, long value, boolean populate, Scratch s) {
        FaultRecord r = s.record;
        long table = root;
        int level = rootLevel;
        boolean reserved = false;
        boolean faulted = false;
        int passed = 0; // writable frames walked before the first fault (EVERY_TABLE looks them up then)
        // The lock of the table being walked is released in the finally block, on every return and
        // on an exception (a failing table must not leave a lock behind that hangs the next walk).
        locks.lock(table, level);
        try {
            while (level > stopLevel) {
                int index = Levels.index(va, level);
                long e = memory.entry(table, index);
                int childLevel = level - 1;
                long child;
                if (Pte.writable(e)) {
                    child = Pte.frame(e);
                    if (everyTable) {
                        if (faulted) {
                            long c = ops.get(child, s);
                            assert c == 1 : "writable unprotected entry to frame " + child + " with count " + c;
                        } else {
                            s.passed[passed++] = child;
                        }
                    }
                } else {
                    if (everyTable && !faulted) {
                        for (int i = 0; i < passed; i++) {
                            long c = ops.get(s.passed[i], s);
                            assert c == 1 : "writable unprotected entry to frame " + s.passed[i] + " with count " + c;
                        }
                    }
                    faulted = true;
                    boolean present = Pte.present(e);
                    if (!present && !populate) {
                        return -2;
                    }
                    long count = present ? ops.get(Pte.frame(e), s) : 0; // a shared frame is copied only if still shared
                    if (!reserved && (!present || count > 1)) {
                        if (!ops.reserve(s, childLevel - stopLevel + 1)) {
                            return outOfMemory(r);
                        }
                        reserved = true;
                    }
                    child = present ? breakOrReuse(table, index, e, count, childLevel, s) : install(table, index, childLevel, s);
                }
                if (childLevel == 0) {
                    memory.writeWord(child, (int) (va & 0xFF8), value);
                    if (faulted) {
                        r.faults++;
                    }
                    return child;
                }
                long parent = table;
                locks.lock(child, childLevel);
                table = child; // from here the lock the finally block releases is the child's
                level = childLevel;
                locks.unlock(parent, level + 1);
            }
            if (faulted) {
                r.faults++;
            }
            return table;
        } finally {
            locks.unlock(table, level);
        }
    }

    private static long outOfMemory(FaultRecord r) {
        r.faults++;
        r.outOfMemory++;
        r.result = FaultResult.OUT_OF_MEMORY;
        return -1;
    }

    /** An absent entry: a zeroed table (or, at the leaf, a zeroed page) from the reserve, installed writable. */
    private long install(long table, int index, int childLevel, Scratch s) {
        long child = s.takeReserved();
        if (childLevel == 0) {
            memory.zeroPage(child);
            s.record.zeroFills++;
        } else {
            memory.newTable(child);
            s.record.tablesAllocated++;
        }
        memory.setEntry(table, index, Pte.make(child, true));
        return child;
    }

    /**
     * A write-protected entry {@code e} whose frame has {@code count}: a break (a copy from the
     * reserve, installed writable, the shared frame's count lowered) while the frame is shared,
     * else a reuse (the entry made writable). Returns the frame the entry points at now.
     */
    private long breakOrReuse(long table, int index, long e, long count, int childLevel, Scratch s) {
        FaultRecord r = s.record;
        long shared = Pte.frame(e);
        if (count <= 1) {
            memory.setEntry(table, index, Pte.makeWritable(e));
            if (childLevel == 0) {
                r.pageReuses++;
            } else {
                r.tableReuses++;
            }
            return shared;
        }
        long child = s.takeReserved();
        if (childLevel == 0) {
            memory.copyPage(shared, child);
            r.pageCopies++;
        } else {
            memory.newTable(child);
            ops.copyProtected(shared, child, childLevel, s);
            r.tableCopies++;
        }
        memory.setEntry(table, index, Pte.make(child, true));
        if (ops.decrement(shared, s) == 0) {
            s.defer(shared, childLevel); // we were the last owner after all
        }
        return child;
    }
}
