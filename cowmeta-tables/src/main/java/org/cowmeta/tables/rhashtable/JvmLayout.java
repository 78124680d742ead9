package org.cowmeta.tables.rhashtable;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Sizes of objects and arrays in this JVM, from the HotSpot flags that decide them (compressed
 * oops and class pointers, compact object headers, object alignment). Used for JVM bytes; checked
 * against JOL in the tests.
 */
final class JvmLayout {
    static final int REFERENCE;
    static final int OBJECT_HEADER;
    static final int ARRAY_LENGTH_END;
    static final int ALIGNMENT;

    static {
        boolean oops = true;
        boolean klass = true;
        boolean compact = false;
        int align = 8;
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            oops = Boolean.parseBoolean(hs.getVMOption("UseCompressedOops").getValue());
            klass = Boolean.parseBoolean(hs.getVMOption("UseCompressedClassPointers").getValue());
            try {
                compact = Boolean.parseBoolean(hs.getVMOption("UseCompactObjectHeaders").getValue());
            } catch (IllegalArgumentException noSuchFlag) {
                compact = false;
            }
            align = Integer.parseInt(hs.getVMOption("ObjectAlignmentInBytes").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            // Keep the defaults of a 64-bit HotSpot with a heap under 32 GiB.
        }
        REFERENCE = oops ? 4 : 8;
        OBJECT_HEADER = compact ? 8 : (klass ? 12 : 16);
        ARRAY_LENGTH_END = OBJECT_HEADER + 4;
        ALIGNMENT = align;
    }

    private JvmLayout() {}

    static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** An instance with the given fields (HotSpot packs them without holes when 4-byte fields can fill gaps). */
    static long instance(int longs, int ints, int references, int bytes) {
        return align(OBJECT_HEADER + 8L * longs + 4L * ints + (long) REFERENCE * references + bytes);
    }

    /** An array of {@code length} elements of {@code elementBytes} each. */
    static long array(long length, int elementBytes) {
        long base = (ARRAY_LENGTH_END + elementBytes - 1) / elementBytes * elementBytes;
        return align(base + length * elementBytes);
    }

    static long referenceArray(long length) {
        return array(length, REFERENCE);
    }

    /** One {@link Counter}: next, frame, count. */
    static long counter() {
        return instance(2, 0, 1, 0);
    }

    /** One {@link BucketTable} with its arrays and nulls marker. */
    static long bucketTable(int size) {
        long shallow = instance(1, 4, 4, 0);
        return shallow + referenceArray(size) + array(size, 1) + counter();
    }
}
