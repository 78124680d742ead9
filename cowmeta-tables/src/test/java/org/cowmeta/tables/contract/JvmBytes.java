package org.cowmeta.tables.contract;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.info.GraphPathRecord;

/**
 * What an object graph really occupies in this JVM, for checking a table's own
 * {@code footprint().jvmBytes()}: JOL's size of every object reachable from the root, plus the
 * off-heap memory of every native {@link MemorySegment} in the graph (JOL sees the segment
 * object, not its memory; overlapping slices of one allocation count once).
 *
 * <p>JOL 0.17 cannot walk a {@link Thread} on JDK 25 ("Cannot get the field offset"), not even
 * to subtract it: a table must keep its threads (workers, a confined arena's owner) out of the
 * graph reachable from it; {@code notData} is for other objects that are not data.
 */
public final class JvmBytes {
    private JvmBytes() {}

    /** The measured bytes of {@code root}'s graph, minus the graphs of {@code notData}. */
    public static Measured measure(Object root, Object... notData) {
        GraphLayout layout = GraphLayout.parseInstance(root);
        if (notData.length > 0) {
            layout = layout.subtract(GraphLayout.parseInstance(notData));
        }
        List<long[]> ranges = new ArrayList<>();
        for (long address : layout.addresses()) {
            GraphPathRecord record = layout.record(address);
            if (record != null && objectOf(record) instanceof MemorySegment segment && segment.isNative()) {
                ranges.add(new long[] {segment.address(), segment.address() + segment.byteSize()});
            }
        }
        return new Measured(layout.totalSize(), union(ranges), layout);
    }

    private static final java.lang.reflect.Method RECORD_OBJECT;

    static {
        try {
            // JOL keeps the object of a record package-private; the test class path may read it.
            RECORD_OBJECT = GraphPathRecord.class.getDeclaredMethod("obj");
            RECORD_OBJECT.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object objectOf(GraphPathRecord record) {
        try {
            return RECORD_OBJECT.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read JOL's graph record", e);
        }
    }

    private static long union(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        long total = 0;
        long start = -1;
        long end = -1;
        for (long[] r : ranges) {
            if (r[0] > end) {
                total += end - start;
                start = r[0];
                end = r[1];
            } else {
                end = Math.max(end, r[1]);
            }
        }
        return total + (end - start);
    }

    /** Heap bytes (JOL), off-heap bytes (native segments), and the layout for messages. */
    public record Measured(long heapBytes, long offHeapBytes, GraphLayout layout) {
        public long total() {
            return heapBytes + offHeapBytes;
        }

        /** The largest classes by bytes, for a failure message. */
        public String summary() {
            StringBuilder sb = new StringBuilder("heap " + heapBytes + " B, off-heap " + offHeapBytes + " B; by class:");
            layout.getClassSizes().keys().stream()
                    .sorted(Comparator.comparingLong((Class<?> c) -> layout.getClassSizes().count(c)).reversed())
                    .limit(8)
                    .forEach(c -> sb.append(' ').append(c.getSimpleName()).append('=').append(layout.getClassSizes().count(c)));
            return sb.toString();
        }
    }
}
