package org.cowmeta.tables.rhashtable;

/**
 * The table's hash function ({@code rhashtable_params.hashfn}): a 32-bit hash of a frame under a
 * bucket table's seed. The default is {@link Jhash#hashFrame}; tests substitute one that forces
 * collisions under chosen seeds.
 */
@FunctionalInterface
interface FrameHash {
    int hash(long frame, int seed);
}
