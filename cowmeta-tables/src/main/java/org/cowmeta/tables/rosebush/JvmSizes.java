package org.cowmeta.tables.rosebush;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Bytes that this JVM really gives the Rosebush objects, from its object layout flags (compressed
 * oops and class pointers, compact headers, alignment). The layout arithmetic follows HotSpot's
 * field packing (fields after the header, a long aligned to 8, smaller fields filling the gap);
 * a test checks the results against JOL.
 */
final class JvmSizes {
    static final boolean COMPACT_HEADERS = flag("UseCompactObjectHeaders", false);
    static final boolean COMPRESSED_OOPS = flag("UseCompressedOops", true);
    static final boolean COMPRESSED_CLASS_POINTERS = flag("UseCompressedClassPointers", true);
    static final int ALIGNMENT = intFlag("ObjectAlignmentInBytes", 8);
    static final int HEADER = COMPACT_HEADERS ? 8 : COMPRESSED_CLASS_POINTERS ? 12 : 16;
    static final int REF = COMPRESSED_OOPS ? 4 : 8;

    /** Counter {long frame; long count}. */
    static final long COUNTER = object(0, 0, 2, 0);
    /** Bucket {int h0..h19; Counter s0..s19; int lock; int contention}: one object, no arrays. */
    static final long BUCKET_TOTAL = object(Bucket.ENTRIES, Bucket.ENTRIES + 2, 0, 0);
    /** PointerTable {Bucket[] entries; int mask; boolean inline; long modeledAddress}. */
    static final long POINTER_TABLE = object(1, 1, 1, 1);

    private JvmSizes() {}

    static long object(int refs, int ints, int longs, int bytes) {
        long size = HEADER;
        int fourByteFields = ints + (REF == 4 ? refs : 0);
        if (longs + (REF == 8 ? refs : 0) > 0 && size % 8 != 0) {
            // The gap before the first 8-byte field is filled with 4-byte fields if there are any.
            if (fourByteFields > 0) {
                fourByteFields--;
            } else {
                bytes = Math.max(0, bytes - 4);
            }
            size += 4;
        }
        size += 8L * longs + 8L * (REF == 8 ? refs : 0) + 4L * fourByteFields + bytes;
        return align(size);
    }

    static long array(int elementBytes, long length) {
        long base = HEADER + 4;
        if (elementBytes == 8) {
            base = (base + 7) & ~7L;
        }
        return align(base + elementBytes * length);
    }

    static long align(long size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static boolean flag(String name, boolean fallback) {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Boolean.parseBoolean(bean.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return fallback;
        }
    }

    private static int intFlag(String name, int fallback) {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(bean.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return fallback;
        }
    }
}
