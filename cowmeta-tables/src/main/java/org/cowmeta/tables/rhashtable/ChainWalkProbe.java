package org.cowmeta.tables.rhashtable;

/**
 * A test hook inside the lock-free lookup: called after the walk has compared an object's key
 * and before it follows the object's {@code next}. Tests use it to stop a reader mid-chain while
 * the resize moves objects under it. Absent (null) in every production table.
 */
@FunctionalInterface
interface ChainWalkProbe {
    void beforeNext(long wanted, long visitedFrame);
}
