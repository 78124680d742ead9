package org.cowmeta.tables.rosebush;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.cowmeta.tables.memory.JvmLayout;

/**
 * What the Rosebush root word points at, with the mask the kernel packs into the word's low bits:
 * either the two inline initial buckets ({@code struct rbh_initial_table}, mask 1) or a
 * power-of-two array of bucket pointers in which a bucket may fill a power-of-two class of
 * entries (all indices congruent modulo its stride), like buddy pages.
 *
 * <p>Java deviation: the kernel's tagged word {@code table | (nbuckets - 1)} becomes one volatile
 * reference to this immutable {array, mask} pair, which is published atomically the same way. The
 * array's entries stay mutable (a split rewrites them in place under the resize lock).
 */
final class PointerTable {
    /** JVM bytes of this object without its array: entries, mask, inline, modeledAddress. */
    static final long JVM_BYTES = JvmLayout.instance(1, 1, 1, 1);
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(Bucket[].class);

    final Bucket[] entries;
    final int mask;
    final boolean inline;
    /** The kernel address of the array (aligned to its size, as the patch requires). */
    final long modeledAddress;

    private PointerTable(Bucket[] entries, boolean inline, long modeledAddress) {
        this.entries = entries;
        this.mask = entries.length - 1;
        this.inline = inline;
        this.modeledAddress = modeledAddress;
    }

    static PointerTable initial(Bucket even, Bucket odd, long modeledAddress) {
        return new PointerTable(new Bucket[] {even, odd}, true, modeledAddress);
    }

    static PointerTable of(Bucket[] entries, long modeledAddress) {
        return new PointerTable(entries, false, modeledAddress);
    }

    int size() {
        return entries.length;
    }

    Bucket bucket(int hash) {
        return (Bucket) ENTRY.getVolatile(entries, hash & mask);
    }

    /** A lookup's read of a published pointer array (see {@link Rosebush#rootArray}). */
    static Bucket bucket(Bucket[] entries, int hash) {
        return (Bucket) ENTRY.getVolatile(entries, hash & (entries.length - 1));
    }

    Bucket at(int index) {
        return (Bucket) ENTRY.getVolatile(entries, index);
    }

    void set(int index, Bucket b) {
        ENTRY.setVolatile(entries, index, b);
    }

    /**
     * The stride of the bucket at {@code index}: the smallest power of two s such that every entry
     * congruent to index modulo s holds it. size() means the bucket is not shared. Found, as the
     * patch does, by testing buddies from the top bit down.
     */
    int stride(int index) {
        Bucket b = at(index);
        int s = entries.length;
        while (s > 1 && at(index ^ (s >>> 1)) == b) {
            s >>>= 1;
        }
        return s;
    }
}
