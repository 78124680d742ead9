package org.cowmeta.vm.memory.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * LLFree's per-CPU heuristics, step by step on eight trees and two CPUs: different first trees
 * per CPU, frees into one's own tree counted locally and into a foreign tree globally, the next
 * reservation preferring a partially filled tree over a free one, and put-reserve.
 */
class LLFreeReservationTest {

    private static final int TREE = LowerAllocator.TREE_FRAMES;

    private static long treeOf(long frame) {
        return frame / TREE;
    }

    @Test
    void reservationsFollowLLFreeHeuristics() {
        LLFreeAllocator a = new LLFreeAllocator(8L * TREE, 2);

        // Each CPU starts in its own share of memory: tree 0 and tree 8/2*1 = 4.
        long f0 = a.allocateOn(0, 0);
        long f1 = a.allocateOn(1, 0);
        assertEquals(0, treeOf(f0));
        assertEquals(4, treeOf(f1));
        assertEquals(0, a.reservedTree(0));
        assertEquals(4, a.reservedTree(1));
        assertTrue(a.treeReserved(0) && a.treeReserved(4));
        assertEquals(0, a.treeFree(0), "a reserved tree's counter moved to the CPU");
        assertEquals(TREE - 1, a.reservedFree(0));

        // A free into one's own tree goes to the CPU's counter ...
        a.freeOn(0, f0, 0);
        assertEquals(TREE, a.reservedFree(0));
        // ... a free into a foreign tree to that tree's global entry.
        a.freeOn(0, f1, 0);
        assertEquals(1, a.treeFree(4));
        assertEquals(TREE - 1, a.reservedFree(1));

        // Make tree 2 partial (half used), then exhaust CPU 0's tree 0.
        for (long f = 2L * TREE; f < 2L * TREE + TREE / 2; f++) {
            assertTrue(a.claim(f));
        }
        long[] tree0 = new long[TREE];
        for (int i = 0; i < TREE; i++) {
            tree0[i] = a.allocateOn(0, 0);
            assertEquals(0, treeOf(tree0[i]), "allocation " + i + " left the reserved tree");
        }
        // The next reservation takes the partial tree 2, not the free trees 1, 3, 5, 6 or 7.
        long next = a.allocateOn(0, 0);
        assertEquals(2, treeOf(next));
        assertEquals(2, a.reservedTree(0));
        assertFalse(a.treeReserved(0), "the exhausted tree was given back");

        // Put-reserve: CPU 1 keeps freeing into unreserved tree 0; once it has more than 1024
        // free frames and the last 4 frees went there, CPU 1 reserves it (and gives back tree 4).
        int freed = 0;
        while (a.reservedTree(1) != 0) {
            assertTrue(freed < 1100, "put-reserve never happened after " + freed + " frees");
            a.freeOn(1, tree0[freed++], 0);
        }
        assertEquals(TreeArray.ALMOST_ALLOCATED + 1, freed, "put-reserve after the counter passed 1024");
        assertFalse(a.treeReserved(4));
        assertEquals(TREE - 1 + 1, a.treeFree(4), "tree 4's CPU count and the foreign free were merged back");

        for (int i = freed; i < TREE; i++) {
            a.freeOn(i % 2, tree0[i], 0);
        }
        a.freeOn(0, next, 0);
        for (long f = 2L * TREE; f < 2L * TREE + TREE / 2; f++) {
            a.free(f, 0);
        }
        assertEquals(8L * TREE, a.freeFrames());
        assertEquals(8L * TREE, a.freeFramesByBits());
    }

    @Test
    void syncPullsForeignFreesIntoTheReservedTree() {
        LLFreeAllocator a = new LLFreeAllocator(4L * TREE, 2);
        long[] mine = new long[TREE];
        for (int i = 0; i < TREE; i++) {
            mine[i] = a.allocateOn(0, 0);
        }
        assertEquals(0, a.reservedFree(0));
        // CPU 1 frees 2000 of them: they land in tree 0's global entry while CPU 0 holds the tree.
        for (int i = 0; i < 2000; i++) {
            a.freeOn(1, mine[i], 0);
        }
        assertEquals(2000, a.treeFree(0));
        // CPU 0's counter is empty, but with the global entry it has more than 1024: sync, no new tree.
        long f = a.allocateOn(0, 0);
        assertEquals(0, treeOf(f));
        assertEquals(0, a.reservedTree(0));
        assertEquals(1999, a.reservedFree(0));
        assertEquals(0, a.treeFree(0));
    }
}
