package org.cowmeta.tables;

/**
 * Bit mixing shared by the tables: SplitMix64's constants and finalizer, in one place.
 */
public final class Hashing {
    /**
     * 2^64 divided by the golden ratio, odd: SplitMix64's increment, and the multiplier of
     * Fibonacci hashing (the high bits of {@code x * GOLDEN_GAMMA} spread consecutive keys evenly).
     */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Hashing() {}

    /**
     * SplitMix64's finalizer (Stafford's variant 13: two xor-shift-multiply rounds and a final
     * xor-shift): a bijection of the 64-bit words in which every input bit affects every output
     * bit, so the low bits and the high bits alike are fit to index with.
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
