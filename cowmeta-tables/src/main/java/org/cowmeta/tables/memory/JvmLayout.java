package org.cowmeta.tables.memory;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Bytes that this JVM gives an object or an array, from the HotSpot flags that decide them
 * (compressed oops and class pointers, compact object headers, object alignment): the one rule
 * every table's JVM-bytes formula is written with. The footprint tests check the results
 * against JOL's walk of the real objects.
 *
 * <p>The rule follows HotSpot's field layout: the fields come after the header; an 8-byte field
 * (a long, or a reference without compressed oops) is aligned to 8, and the gap a 12-byte header
 * leaves before it holds a 4-byte field if there is one, else small fields; the object is padded
 * to the alignment. An array's elements start after its 4-byte length, aligned to their own size.
 * Off HotSpot the defaults of a 64-bit HotSpot with a heap under 32 GiB apply.
 */
public final class JvmLayout {
    /** Bytes of a reference: 4 with compressed oops, else 8. */
    public static final int REFERENCE;
    /** Bytes of an object header: 8 with compact headers, 12 with compressed class pointers, else 16. */
    public static final int OBJECT_HEADER;
    /** Every object's size is a multiple of this ({@code ObjectAlignmentInBytes}). */
    public static final int ALIGNMENT;

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
        ALIGNMENT = align;
    }

    /** A boxed {@link Long}: one long field. */
    public static final long BOXED_LONG = instance(1, 0, 0, 0);

    private JvmLayout() {}

    /** {@code bytes} rounded up to the object alignment. */
    public static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * An instance with the given fields: {@code longs} 8-byte primitives, {@code ints} 4-byte
     * ones, {@code references}, and {@code bytes} bytes of smaller fields (booleans, bytes,
     * shorts and chars, by their size).
     */
    public static long instance(int longs, int ints, int references, int bytes) {
        int eightByteFields = longs + (REFERENCE == 8 ? references : 0);
        int fourByteFields = ints + (REFERENCE == 4 ? references : 0);
        int smallBytes = bytes;
        long size = OBJECT_HEADER;
        if (eightByteFields > 0 && size % 8 != 0) {
            // The gap before the first 8-byte field holds a 4-byte field if there is one, else small fields.
            if (fourByteFields > 0) {
                fourByteFields--;
            } else {
                smallBytes = Math.max(0, smallBytes - 4);
            }
            size += 4;
        }
        return align(size + 8L * eightByteFields + 4L * fourByteFields + smallBytes);
    }

    /** The offset of element 0 in an array of {@code elementBytes}-byte elements. */
    public static long arrayBase(int elementBytes) {
        long lengthEnd = OBJECT_HEADER + 4;
        return (lengthEnd + elementBytes - 1) / elementBytes * elementBytes;
    }

    /** An array of {@code length} elements of {@code elementBytes} each. */
    public static long array(long length, int elementBytes) {
        return align(arrayBase(elementBytes) + length * elementBytes);
    }

    /** An array of {@code length} references. */
    public static long referenceArray(long length) {
        return array(length, REFERENCE);
    }

    /** A {@code long[]} of {@code length}. */
    public static long longArray(long length) {
        return array(length, 8);
    }
}
