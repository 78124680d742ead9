package org.cowmeta.tables.rosebush;

import org.cowmeta.tables.Hashing;

/**
 * The caller-supplied 32-bit hash of a frame (Rosebush never hashes keys itself). Rosebush indexes
 * with the low bits and splits by the next higher bit, so every bit must be well mixed.
 */
@FunctionalInterface
interface FrameHash {
    int hash(long frame);

    /**
     * SplitMix64's finalizer ({@link Hashing#mix64}) of the frame offset by a seed-derived key,
     * folded to its low 32 bits: every input bit affects every output bit, so 40-bit frames
     * spread evenly whatever their locality.
     */
    static FrameHash seeded(long seed) {
        return new Seeded(seed);
    }

    /** A named class rather than a lambda, so that tools walking the table see a plain field. */
    final class Seeded implements FrameHash {
        private final long key;

        Seeded(long seed) {
            this.key = Hashing.mix64(seed ^ Hashing.GOLDEN_GAMMA) | 1L;
        }

        @Override
        public int hash(long frame) {
            return (int) Hashing.mix64(frame * Hashing.GOLDEN_GAMMA + key);
        }
    }
}
