package org.cowmeta.tables.peers;

/**
 * Object sizes in this JVM's usual 64-bit layout (compressed class pointers and oops: 12-byte
 * object headers, 16-byte array headers, 4-byte references, 8-byte alignment), for the peers'
 * JVM-bytes formulas. FootprintToleranceTest checks the formulas against JOL's measurement.
 */
final class JvmSizes {
    static final int REFERENCE = 4;
    /** A boxed Long: 12-byte header, then the long at offset 16 (8-aligned): 24 bytes. */
    static final long BOXED_LONG = 24;

    private JvmSizes() {}

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    static long longArray(long length) {
        return align(16 + 8 * length);
    }

    static long referenceArray(long length) {
        return align(16 + (long) REFERENCE * length);
    }
}
