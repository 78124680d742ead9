package org.cowmeta.vm.capture;

import java.util.Arrays;

/** A growable {@code long[]} without boxing, for loading captures of millions of records. */
final class LongArrayBuilder {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
        if (size == values.length) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than 2^31 records in one list");
            }
            values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8L, size * 2L));
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
