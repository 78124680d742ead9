package org.cowmeta.tables.peers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.memory.JvmLayout;

/**
 * Peer "chm": {@code ConcurrentHashMap<Long, Long>} used the idiomatic way, with
 * {@code merge} to count up and {@code compute} to count down (both atomic per key in CHM, so
 * every operation is linearizable).
 *
 * <p>Layout (CHM's own): a power-of-two array of bins, each a chain of 32-byte nodes (hash, key,
 * value, next), keys and values boxed {@code Long}s (counts up to 127 share the JDK's cached
 * boxes; frames below 128 too). Concurrency: lock-free reads, a CAS into an empty bin, otherwise
 * the bin's first node as a monitor. Resize: CHM doubles at 3/4 load, cooperatively (writers
 * help move bins), and never shrinks.
 *
 * <p>CHM's array lives in {@code java.base}, which this adapter may not read, so its capacity is
 * derived from CHM's sizing rule and the most entries seen (a racy high-water mark updated on
 * inserts only): an estimate, exact when single-threaded. Footprint: a peer has no kernel layout,
 * so modeled bytes are the JVM bytes, from a formula (nodes, key boxes, bin array) checked against
 * JOL by FootprintToleranceTest.
 */
public final class ChmTable implements RefCountTable {
    private static final Long TWO = 2L;
    private static final BiFunction<Long, Long, Long> PLUS_ONE = (count, two) -> count + 1;
    /** A node: hash, key, value, next. */
    private static final long NODE_BYTES = JvmLayout.instance(0, 1, 3, 0);
    /** The CHM object (table refs, counters, size control, view refs) and this adapter. */
    private static final long FIXED_BYTES = 64 + 24;
    static final long MAP_ADDRESS = 0x7e00_0000_0000L;
    static final long BINS_ADDRESS = 0x7e10_0000_0000L;
    static final long NODES_ADDRESS = 0x7e20_0000_0000L;
    static final long KEY_BOXES_ADDRESS = 0x7e40_0000_0000L;
    static final long VALUE_BOXES_ADDRESS = 0x7e60_0000_0000L;

    private final ConcurrentHashMap<Long, Long> map;
    private final int initialBins;
    /** Most entries seen, read by footprint and stats only; racy on purpose (see the class comment). */
    private volatile long highWater;

    public ChmTable(TableConfig config) {
        int expected = (int) Math.min(config.expectedEntries(), 1 << 29);
        map = expected > 0 ? new ConcurrentHashMap<>(expected) : new ConcurrentHashMap<>();
        initialBins = expected > 0 ? tableSizeFor(expected + (expected >>> 1) + 1) : 16;
    }

    private static int tableSizeFor(int c) {
        int n = -1 >>> Integer.numberOfLeadingZeros(c - 1);
        return n < 1 ? 1 : n + 1;
    }

    /** Decrement as one atomic compute: the new count, 0 if the frame had no entry. */
    private static final class Decrement implements BiFunction<Long, Long, Long> {
        long result;

        @Override
        public Long apply(Long frame, Long count) {
            if (count == null) {
                result = 0;
                return null;
            }
            result = count - 1;
            return result == 1 ? null : Long.valueOf(result);
        }
    }

    @Override
    public long get(long frame) {
        Long c = map.get(Frames.check(frame));
        return c == null ? 1 : c;
    }

    @Override
    public long increment(long frame) {
        long c = map.merge(Frames.check(frame), TWO, PLUS_ONE);
        if (c == 2) {
            noteSize();
        }
        return c;
    }

    private void noteSize() {
        long size = map.mappingCount();
        if (size > highWater) {
            highWater = size;
        }
    }

    @Override
    public long decrement(long frame) {
        Decrement d = new Decrement();
        map.compute(Frames.check(frame), d);
        return d.result;
    }

    @Override
    public void seed(long frame, long count) {
        Frames.check(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        if (count == 1) {
            map.remove(frame);
        } else {
            map.put(frame, count);
            noteSize();
        }
    }

    @Override
    public long entries() {
        return map.mappingCount();
    }

    /** CHM's bin count: it doubles when its size reaches 3/4 of the bins and never shrinks. */
    long estimatedBins() {
        long n = initialBins;
        long most = Math.max(highWater, map.mappingCount());
        while (most >= n - (n >>> 2)) {
            n <<= 1;
        }
        return n;
    }

    @Override
    public Footprint footprint() {
        long size = map.mappingCount();
        long bins = JvmLayout.referenceArray(estimatedBins());
        long nodes = size * NODE_BYTES;
        // Frames 0..127 and counts up to 127 use the JDK's shared boxes; assume other counts are rare.
        long keys = Math.max(0, size - 128) * JvmLayout.BOXED_LONG;
        return Footprint.builder()
                .modeled("bins", bins).modeled("nodes", nodes).modeled("key boxes", keys).modeled("fixed", FIXED_BYTES)
                .jvm("bins", bins).jvm("nodes", nodes).jvm("key boxes", keys).jvm("fixed", FIXED_BYTES)
                .build();
    }

    @Override
    public TableStats stats() {
        long size = map.mappingCount();
        long bins = estimatedBins();
        // CHM's chains are not observable from outside java.base: with uniform hashing a hit visits
        // 1 + load/2 nodes on average (separate chaining); the longest chain is not known (0).
        double meanProbe = size == 0 ? 0 : 1 + (double) size / bins / 2;
        return new TableStats(size, bins, Long.numberOfTrailingZeros(bins / initialBins), false, meanProbe, 0,
                Map.of("capacityEstimated", 1L));
    }

    /**
     * CHM's reads, assuming the frame's node is first in its bin (the expected case at load <= 3/4):
     * the map's table field, the bin slot, the node (hash, key, value, next; also the bin monitor for
     * writes), the key box (equals), the value box. An absent frame's empty bin ends at the slot.
     */
    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        Frames.check(frame);
        long bins = estimatedBins();
        int h = Long.hashCode(frame);
        long bin = (h ^ (h >>> 16)) & 0x7fffffff & (bins - 1);
        trace.load(MAP_ADDRESS, 8);
        trace.load(BINS_ADDRESS + 16 + bin * JvmLayout.REFERENCE, JvmLayout.REFERENCE);
        Long count = map.get(frame);
        if (count == null) {
            return;
        }
        trace.load(NODES_ADDRESS + frame * NODE_BYTES, (int) NODE_BYTES);
        trace.load(KEY_BOXES_ADDRESS + frame * JvmLayout.BOXED_LONG, 16);
        trace.load(VALUE_BOXES_ADDRESS + count * JvmLayout.BOXED_LONG, 16);
    }

    @Override
    public void close() {
        // On-heap only, no workers.
    }

    @Override
    public String toString() {
        return "ConcurrentHashMap<Long,Long>";
    }
}
