package org.cowmeta.tables.compact;

import static org.cowmeta.tables.compact.BucketArray.WORD;
import static org.cowmeta.tables.compact.WordLayout.FROZEN;

import java.lang.foreign.MemorySegment;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;

/**
 * The memory accesses of one {@link CompactTable} operation, for the lab's cost model
 * ({@link AccessTrace}): the home bucket is one dependent load of one line; each further bucket
 * the overflow counts send it to is a touch (its address is known without waiting); a migrated
 * home, or a miss during a resize, costs a dependent load in the next array; a spilled count two
 * dependent loads (spill bucket, then its counter). The table descriptor (array base and size) is
 * not counted: it is one line read by every operation and stays in L1.
 */
final class AccessWalk {
    /** Where the spill structure's lines are placed in the traced address space (away from any array). */
    private static final long SPILL_TRACE_BASE = 1L << 58;

    private AccessWalk() {}

    /** Records in {@code trace} what {@code op} on {@code frame} (hash {@code h}) reads, starting at array {@code a}. */
    static void walk(BucketArray a, long h, long frame, Op op, WordLayout layout, AccessTrace trace) {
        for (;;) {
            MemorySegment s = a.words;
            long base = s.address();
            long home = a.home(h);
            trace.load(base + (home << 6), 64);
            long pos = home;
            long found = -1;
            for (long d = 0; d < a.buckets && found < 0; d++) {
                long off = pos << 6;
                if (d > 0) {
                    trace.touch(base + off, 64);
                }
                for (int i = 0; i < 64; i += 8) {
                    if (layout.holds((long) WORD.getAcquire(s, off + i), frame)) {
                        found = off + i;
                        break;
                    }
                }
                if (found < 0 && WordLayout.overflow((long) WORD.getAcquire(s, off)) == 0) {
                    break;
                }
                pos = a.nextBucket(pos);
            }
            if (found < 0 || ((long) WORD.getAcquire(s, found) & FROZEN) != 0) {
                // on to the next array: home is migrated, or a miss during a resize (inserts go there)
                if (a.next != null && (found < 0 || CompactTable.migrated(a, home))) {
                    a = a.next;
                    continue;
                }
            }
            if (found >= 0 && layout.count((long) WORD.getAcquire(s, found)) == layout.spilled) {
                trace.load(SPILL_TRACE_BASE + ((frame & 0xFFFF) << 6), 8);
                trace.load(SPILL_TRACE_BASE + (1L << 40) + (frame << 6), 32);
            }
            if (found < 0 && op == Op.INCREMENT) { // the insert walks to the first free slot
                pos = home;
                for (long d = 0; d < a.buckets; d++) {
                    long off = pos << 6;
                    trace.touch(base + off, 64);
                    boolean free = false;
                    for (int i = 0; i < 64 && !free; i += 8) {
                        free = WordLayout.empty((long) WORD.getAcquire(s, off + i));
                    }
                    if (free) {
                        break;
                    }
                    pos = a.nextBucket(pos);
                }
            }
            return;
        }
    }
}
