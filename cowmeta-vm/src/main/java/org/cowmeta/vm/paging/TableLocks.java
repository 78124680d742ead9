package org.cowmeta.vm.paging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.cowmeta.tables.Hashing;

/**
 * Page-table locks, like Linux's split page-table locks: one lock guards the entries of one
 * table. They are striped (a table frame hashes to one of {@value #STRIPES} spin locks) and the
 * stripes are separate per level, so the lock order of the simulator, <b>top-down along the
 * walk</b> (a thread holding a level-L lock only ever waits for a lock at a lower level), is a
 * total order on stripes too and cannot deadlock, even when two tables share a stripe.
 * Each lock word has a cache line of its own. Lock and unlock allocate nothing.
 */
public final class TableLocks {
    public static final int STRIPES = 1024;
    private static final int PAD = 16; // ints per 64-byte line
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(int[].class);

    private final int[] words = new int[(Levels.MAX_ROOT_LEVEL + 1) * STRIPES * PAD];

    private static int slot(long table, int level) {
        long h = table * Hashing.GOLDEN_GAMMA;
        int stripe = (int) (h >>> 54) & (STRIPES - 1);
        return (level * STRIPES + stripe) * PAD;
    }

    /** Locks the table {@code table} at {@code level}. */
    public void lock(long table, int level) {
        int i = slot(table, level);
        if (!WORD.compareAndSet(words, i, 0, 1)) {
            contended(i);
        }
    }

    private void contended(int i) {
        int spins = 0;
        while (true) {
            if ((int) WORD.getOpaque(words, i) == 0 && WORD.compareAndSet(words, i, 0, 1)) {
                return;
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may be descheduled: few cores, many threads
            }
        }
    }

    public void unlock(long table, int level) {
        WORD.setRelease(words, slot(table, level), 0);
    }

    /**
     * Waits until nobody holds {@code table}'s lock: a thread about to free a table whose count
     * reached 0 calls this so that a walker that entered the table just before its last entry
     * went away has left it.
     */
    public void barrier(long table, int level) {
        lock(table, level);
        unlock(table, level);
    }
}
