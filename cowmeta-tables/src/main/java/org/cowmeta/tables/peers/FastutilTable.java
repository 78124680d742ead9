package org.cowmeta.tables.peers;

import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.memory.JvmLayout;

/**
 * Peer "fastutil": fastutil's {@code Long2LongOpenHashMap} behind one lock.
 *
 * <p>Layout: two parallel arrays, {@code long[] key} and {@code long[] value}, of n + 1 slots
 * (n a power of two; the extra slot holds key 0, fastutil's "null key"); linear probing from
 * {@code mix(key) & mask}; load factor 0.75; it doubles when full and halves when a quarter full.
 * Concurrency and resize: one lock around everything (see {@link LockedPrimitiveMapTable}); a
 * resize is a rehash inside one call, under the lock.
 */
public final class FastutilTable extends LockedPrimitiveMapTable {
    /** The map object: header, 2 array refs, mask, containsNullKey, n, maxFill, minN, size, f, defRetValue, 3 view refs. */
    private static final long MAP_OBJECT_BYTES = 72;

    private final OpenMap map;

    public FastutilTable(TableConfig config) {
        map = new OpenMap((int) Math.min(Math.max(config.expectedEntries(), 16), 1 << 29));
    }

    /** Opens the protected arrays of the map to this adapter (for footprint, stats and trace only). */
    private static final class OpenMap extends Long2LongOpenHashMap {
        OpenMap(int expected) {
            super(expected);
            defaultReturnValue(0);
        }

        long[] keys() {
            return key;
        }

        int slots() {
            return n;
        }

        int slotMask() {
            return mask;
        }

        boolean hasKeyZero() {
            return containsNullKey;
        }
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
        return map.slots();
    }

    @Override
    long mapBytes() {
        return MAP_OBJECT_BYTES + 2 * JvmLayout.longArray(map.slots() + 1L);
    }

    @Override
    long[] probeTotals() {
        long total = map.hasKeyZero() ? 1 : 0;
        long max = total;
        long[] keys = map.keys();
        int mask = map.slotMask();
        for (int i = 0; i < map.slots(); i++) {
            if (keys[i] != 0) {
                long visited = ((i - (int) (HashCommon.mix(keys[i]) & mask)) & mask) + 1L;
                total += visited;
                max = Math.max(max, visited);
            }
        }
        return new long[] {total, max};
    }

    @Override
    long homeSlot(long frame) {
        return frame == 0 ? map.slots() : HashCommon.mix(frame) & map.slotMask();
    }

    @Override
    boolean stopsAt(long slot, long frame) {
        return slot == map.slots() || map.keys()[(int) slot] == 0 || map.keys()[(int) slot] == frame;
    }

    @Override
    boolean interleaved() {
        return false;
    }

    @Override
    public String toString() {
        return "fastutil Long2LongOpenHashMap + lock";
    }
}
