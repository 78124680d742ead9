package org.cowmeta.tables.compact;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * Finds which of a bucket's eight words holds a frame: the one loop on every lookup's path.
 *
 * <p>Two implementations: {@link VectorBucketScan} compares the whole 64-byte bucket in one or
 * two SIMD instructions (Java's Vector API, an incubator module the JVM must be started with:
 * {@code --add-modules jdk.incubator.vector}); {@link ScalarBucketScan} compares word by word.
 * The vector scan is what makes a lookup cheap: with eight scalar compares the branch that stops
 * at the matching slot depends on where the frame landed, so it is mispredicted on most hits, and
 * the compare-and-branch instructions fill the reorder window that would otherwise already be
 * loading the next lookup's bucket. Option {@code scan} of the table chooses: {@code auto}
 * (vector where the module is present and the CPU has 256- or 512-bit vectors), {@code vector}
 * or {@code scalar}.
 */
interface BucketScan {
    /** The answer when no word holds the frame. */
    int NONE = 8;

    /**
     * The first slot (0..7) of the bucket at byte offset {@code off} whose word holds
     * {@code frame} (frame bits equal and count field, {@code countMask}, non-zero: empty slots
     * never match, even for frame 0), or {@link #NONE}. The words are read plainly, each
     * atomically; callers that act on the answer re-read the word by acquire and check it.
     */
    int slotOf(MemorySegment words, long off, long frame, long countMask);

    /** The first slot (0..7) of the bucket at byte offset {@code off} that is empty (no slot bits set), or {@link #NONE}. */
    int firstEmpty(MemorySegment words, long off);

    /** The implementation option {@code scan} names: auto, vector or scalar. */
    static BucketScan named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> VectorSupport.usable() ? VectorSupport.scan() : new ScalarBucketScan();
            case "vector" -> {
                if (!VectorSupport.usable()) {
                    throw new IllegalArgumentException("scan=vector needs the JVM flag --add-modules jdk.incubator.vector"
                            + " and 256- or 512-bit vectors; " + VectorSupport.why());
                }
                yield VectorSupport.scan();
            }
            case "scalar" -> new ScalarBucketScan();
            default -> throw new IllegalArgumentException("scan must be auto, vector or scalar, not " + name);
        };
    }

    /** A short name for reports. */
    String id();
}
