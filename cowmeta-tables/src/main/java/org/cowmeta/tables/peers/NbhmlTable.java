package org.cowmeta.tables.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;
import org.jctools.maps.NonBlockingHashMapLong;

/**
 * Peer "nbhml": JCTools' {@code NonBlockingHashMapLong<Long>} (Cliff Click's lock-free hash map
 * with primitive long keys), counted with lock-free CAS loops on boxed values: {@code putIfAbsent}
 * inserts 2, {@code replace(frame, old, new)} counts, {@code remove(frame, 2)} deletes. Each
 * operation is linearizable at its successful CAS (or, for a read, at NBHML's volatile read).
 *
 * <p>Layout (NBHML's own): a power-of-two {@code long[]} of keys beside an {@code Object[]} of
 * values, linear reprobing, values boxed (counts up to 127 share the JDK's boxes); key 0 would live in
 * a field of the map, so frames are stored as frame + 1 (see {@link #key}). A deleted key keeps its slot (its value becomes a tombstone) until the next
 * resize. Resize: a new array twice (or, with many tombstones, the same) size, copied
 * cooperatively by every thread that touches the map, slot by slot; NBHML decides on its own.
 *
 * <p>Footprint: a peer has no kernel layout, so modeled bytes are the JVM bytes: the two arrays
 * (read from NBHML's fields), the counters and the map objects, checked against JOL.
 */
public final class NbhmlTable implements RefCountTable {
    private static final Long TWO = 2L;
    /** The map, its CHM and three ConcurrentAutoTables (each an object and a long[16]). */
    private static final long FIXED_BYTES = 40 + 64 + 3 * (24 + JvmLayout.longArray(16)) + 16;
    static final long MAP_ADDRESS = 0x7d00_0000_0000L;
    static final long CHM_ADDRESS = 0x7d00_0000_1000L;
    static final long KEYS_ADDRESS = 0x7d10_0000_0000L;
    static final long VALUES_ADDRESS = 0x7d20_0000_0000L;
    static final long VALUE_BOXES_ADDRESS = 0x7d40_0000_0000L;
    /** NBHML's private table class, whose fields the footprint and the trace read. */
    private static final Class<?> CHM_CLASS = VarHandles.nestedClass(NonBlockingHashMapLong.class, "CHM");
    private static final VarHandle CHM = VarHandles.privateField(MethodHandles.lookup(), NonBlockingHashMapLong.class, "_chm", CHM_CLASS);
    private static final VarHandle KEYS = VarHandles.privateField(MethodHandles.lookup(), CHM_CLASS, "_keys", long[].class);
    private static final VarHandle VALS = VarHandles.privateField(MethodHandles.lookup(), CHM_CLASS, "_vals", Object[].class);
    private static final VarHandle NEW_CHM = VarHandles.privateField(MethodHandles.lookup(), CHM_CLASS, "_newchm", CHM_CLASS);

    private final NonBlockingHashMapLong<Long> map;

    /**
     * The map's key for a frame: frame + 1 (never overflows: frames are below 2^40). NBHML keeps
     * key 0 in a field of its own, outside the table, and get/putIfAbsent/replace/remove on that
     * key are not atomic together (a known high-scale-lib/NBHML problem): our conservation stress
     * test lost counts of frame 0 through it. Shifting keys keeps every frame in the table.
     */
    private static long key(long frame) {
        return Frames.check(frame) + 1;
    }

    public NbhmlTable(TableConfig config) {
        int expected = (int) Math.min(config.expectedEntries(), 1 << 28);
        map = expected > 0 ? new NonBlockingHashMapLong<>(expected) : new NonBlockingHashMapLong<>();
    }

    @Override
    public long get(long frame) {
        Long c = map.get(key(frame));
        return c == null ? 1 : c;
    }

    @Override
    public long increment(long frame) {
        long k = key(frame);
        while (true) {
            Long c = map.get(k);
            if (c == null) {
                if (map.putIfAbsent(k, TWO) == null) {
                    return 2;
                }
            } else {
                Long next = c + 1;
                if (map.replace(k, c, next)) {
                    return next;
                }
            }
        }
    }

    @Override
    public long decrement(long frame) {
        long k = key(frame);
        while (true) {
            Long c = map.get(k);
            if (c == null) {
                return 0;
            }
            if (c == 2) {
                if (map.remove(k, c)) {
                    return 1;
                }
            } else {
                Long next = c - 1;
                if (map.replace(k, c, next)) {
                    return next;
                }
            }
        }
    }

    @Override
    public void seed(long frame, long count) {
        long k = key(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        if (count == 1) {
            map.remove(k);
        } else {
            map.put(k, Long.valueOf(count));
        }
    }

    @Override
    public long entries() {
        return map.size();
    }

    private Object currentChm() {
        return CHM.getVolatile(map);
    }

    /** The arrays of the current table and of a table being copied into, if any. */
    private long arrayBytes() {
        long bytes = 0;
        for (Object chm = currentChm(); chm != null; chm = NEW_CHM.getVolatile(chm)) {
            bytes += JvmLayout.longArray(((long[]) KEYS.get(chm)).length)
                    + JvmLayout.referenceArray(((Object[]) VALS.get(chm)).length);
        }
        return bytes;
    }

    @Override
    public Footprint footprint() {
        long arrays = arrayBytes();
        return Footprint.builder()
                .modeled("slot arrays", arrays).modeled("fixed", FIXED_BYTES)
                .jvm("slot arrays", arrays).jvm("fixed", FIXED_BYTES)
                .build();
    }

    @Override
    public TableStats stats() {
        Object chm = currentChm();
        long[] keys = (long[]) KEYS.get(chm);
        Object[] vals = (Object[]) VALS.get(chm);
        int mask = keys.length - 1;
        long total = 0;
        long max = 0;
        long live = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && vals[i] instanceof Long) {
                long visited = ((i - (hash(keys[i]) & mask)) & mask) + 1L;
                total += visited;
                max = Math.max(max, visited);
                live++;
            }
        }
        long claimedSlots = 0;
        for (long k : keys) {
            if (k != 0) {
                claimedSlots++;
            }
        }
        return new TableStats(map.size(), keys.length, 0, NEW_CHM.getVolatile(chm) != null,
                live == 0 ? 0 : (double) total / live, max,
                Map.of("claimedKeySlots", claimedSlots, "reprobes", map.reprobes()));
    }

    /** NBHML's spreader for long keys (as in its source), to find a key's home slot. */
    private static int hash(long h) {
        h ^= (h >>> 20) ^ (h >>> 12);
        h ^= (h >>> 7) ^ (h >>> 4);
        h += h << 7;
        return (int) h;
    }

    /**
     * NBHML's reads: the map's table field, the table object (array refs), the key slots probed
     * from the home slot up to the frame or an empty slot (the first is a dependent load, the rest
     * on the following lines), the value slot beside it, and the value box it points to.
     */
    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        long k = key(frame);
        trace.load(MAP_ADDRESS, 16);
        trace.load(CHM_ADDRESS, 64);
        Object chm = currentChm();
        long[] keys = (long[]) KEYS.get(chm);
        int mask = keys.length - 1;
        int idx = hash(k) & mask;
        for (int probes = 0; probes <= keys.length; probes++, idx = (idx + 1) & mask) {
            long keyAddress = KEYS_ADDRESS + 16 + idx * 8L;
            if (probes == 0) {
                trace.load(keyAddress, 8);
            } else {
                trace.touch(keyAddress, 8);
            }
            if (keys[idx] == k) {
                trace.touch(VALUES_ADDRESS + 16 + idx * (long) JvmLayout.REFERENCE, JvmLayout.REFERENCE);
                Long c = map.get(k);
                if (c != null) {
                    trace.load(VALUE_BOXES_ADDRESS + c * JvmLayout.BOXED_LONG, 16);
                }
                return;
            }
            if (keys[idx] == 0) {
                return;
            }
        }
    }

    @Override
    public void close() {
        // On-heap only, no workers.
    }

    @Override
    public String toString() {
        return "JCTools NonBlockingHashMapLong<Long>";
    }
}
