package org.cowmeta.tables.rosebush;

/**
 * The caller-supplied 32-bit hash of a frame (Rosebush never hashes keys itself). Rosebush indexes
 * with the low bits and splits by the next higher bit, so every bit must be well mixed.
 */
@FunctionalInterface
interface FrameHash {
    int hash(long frame);

    /**
     * A SplitMix64-style finalizer (two xor-shift-multiply rounds, Stafford's "mix13" constants)
     * of the frame offset by a seed-derived key, folded to its low 32 bits: every input bit
     * affects every output bit, so 40-bit frames spread evenly whatever their locality.
     */
    static FrameHash seeded(long seed) {
        return new Seeded(seed);
    }

    /** A named class rather than a lambda, so that tools walking the table see a plain field. */
    final class Seeded implements FrameHash {
        private final long key;

        Seeded(long seed) {
            this.key = mix(seed ^ 0x9E3779B97F4A7C15L) | 1L;
        }

        @Override
        public int hash(long frame) {
            return (int) mix(frame * 0x9E3779B97F4A7C15L + key);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
