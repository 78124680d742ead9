package org.cowmeta.tables.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * Peer "agrona": Agrona's {@code Long2LongHashMap} behind one lock.
 *
 * <p>Layout: one {@code long[] entries} of key, value pairs side by side (a probe reads key and
 * value on one line), capacity a power of two, linear probing from {@code evenHash(key)}, load
 * factor 0.65 by default here as in Agrona; a slot is empty when its value is the "missing value"
 * (0 here: a stored count is always >= 2). It doubles when full and never shrinks by itself.
 * Concurrency and resize: one lock around everything (see {@link LockedPrimitiveMapTable}).
 */
public final class AgronaTable extends LockedPrimitiveMapTable {
    /** The map object: header, loadFactor, missingValue, resizeThreshold, size, flag, entries ref, view refs. */
    private static final long MAP_OBJECT_BYTES = 56;
    /** Agrona keeps the pair array private; the adapter reads it for footprint, stats and trace only. */
    private static final VarHandle ENTRIES =
            VarHandles.privateField(MethodHandles.lookup(), Long2LongHashMap.class, "entries", long[].class);

    private final Long2LongHashMap map;

    public AgronaTable(TableConfig config) {
        int expected = (int) Math.min(Math.max(config.expectedEntries(), 16), 1 << 28);
        map = new Long2LongHashMap((int) Math.min(1 << 29, (long) Math.ceil(expected / 0.65)), 0.65f, 0);
    }

    private long[] entriesArray() {
        return (long[]) ENTRIES.get(map);
    }

    @Override
    long load(long frame) {
        return map.get(frame);
    }

    @Override
    void store(long frame, long count) {
        map.put(frame, count);
    }

    @Override
    void delete(long frame) {
        map.remove(frame);
    }

    @Override
    long size() {
        return map.size();
    }

    @Override
    long capacity() {
        return map.capacity();
    }

    @Override
    long mapBytes() {
        return MAP_OBJECT_BYTES + JvmLayout.longArray(entriesArray().length);
    }

    @Override
    long[] probeTotals() {
        long[] e = entriesArray();
        int mask = e.length - 1;
        long total = 0;
        long max = 0;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i + 1] != 0) {
                long visited = (((i - Hashing.evenHash(e[i], mask)) & mask) >>> 1) + 1L;
                total += visited;
                max = Math.max(max, visited);
            }
        }
        return new long[] {total, max};
    }

    @Override
    long homeSlot(long frame) {
        return Hashing.evenHash(frame, entriesArray().length - 1) >>> 1;
    }

    @Override
    boolean stopsAt(long slot, long frame) {
        long[] e = entriesArray();
        int i = (int) slot * 2;
        return e[i + 1] == 0 || e[i] == frame;
    }

    @Override
    boolean interleaved() {
        return true;
    }

    @Override
    public String toString() {
        return "Agrona Long2LongHashMap + lock";
    }
}
