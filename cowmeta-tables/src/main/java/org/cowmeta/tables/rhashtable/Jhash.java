package org.cowmeta.tables.rhashtable;

/**
 * Bob Jenkins' lookup3 hash as the kernel's {@code include/linux/jhash.h} defines it, restricted
 * to what rhashtable uses for an 8-byte key: {@code jhash2(key, 2, hash_rnd)}. A key whose length
 * is a multiple of 4 is hashed as u32 words; on little-endian x86-64 a {@code u64} frame number
 * is the word pair {low, high}.
 */
final class Jhash {
    /** lookup3's arbitrary initial value. */
    static final int INITVAL = 0xdeadbeef;

    private Jhash() {}

    /** {@code jhash2((u32 *)&frame, 2, seed)}: the bucket hash of a 64-bit key. */
    static int hashFrame(long frame, int seed) {
        int a = INITVAL + (2 << 2) + seed;
        int b = a;
        int c = a;
        // Two words: the switch of jhash2 falls through "case 2" then "case 1", then final-mixes.
        b += (int) (frame >>> 32);
        a += (int) frame;
        return finalMix(a, b, c);
    }

    /** {@code jhash2(k, k.length, seed)} for any number of words; used to check {@link #hashFrame}. */
    static int jhash2(int[] k, int seed) {
        int length = k.length;
        int a = INITVAL + (length << 2) + seed;
        int b = a;
        int c = a;
        int pos = 0;
        while (length > 3) {
            a += k[pos];
            b += k[pos + 1];
            c += k[pos + 2];
            // lookup3's mix(): reversible mixing of three words.
            a -= c; a ^= Integer.rotateLeft(c, 4);  c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6);  a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8);  b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4);  b += a;
            length -= 3;
            pos += 3;
        }
        switch (length) {
            case 3:
                c += k[pos + 2];
                // fall through
            case 2:
                b += k[pos + 1];
                // fall through
            case 1:
                a += k[pos];
                return finalMix(a, b, c);
            default:
                return c;
        }
    }

    /** lookup3's final(): folds a and b into c. */
    private static int finalMix(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
