package org.cowmeta.tables.clustered;

import java.util.concurrent.locks.StampedLock;
import org.cowmeta.tables.Hashing;

/**
 * One stripe of the area directory: an open-addressing (linear probing) array of references to
 * {@link AreaRecord}s, keyed by area number, guarded by a {@link StampedLock}. Lookups are
 * optimistic (read the stamp, probe, validate; a reader never blocks a writer); inserting or
 * removing a record, and rebuilding the array at another size, take the write lock of this
 * stripe only. Records are never copied by a rebuild (only their references move), so a resize
 * costs 8 bytes of copying per area, not the area's counts.
 */
final class AreaStripe {
    final StampedLock lock = new StampedLock();
    /** Written only under the write lock; read optimistically. Length is a power of two. */
    AreaRecord[] slots;
    int size;
    final int minCapacity;
    private final long seed;

    AreaStripe(int capacity, int minCapacity, long seed) {
        this.minCapacity = minCapacity;
        this.seed = seed;
        this.slots = new AreaRecord[Math.max(capacity, minCapacity)];
    }

    /** SplitMix64's finalizer: the top bits pick the stripe, the low bits the slot. */
    static long hash(long area, long seed) {
        return Hashing.mix64(area ^ seed);
    }

    static AreaRecord probe(AreaRecord[] s, long area, long hash) {
        int mask = s.length - 1;
        for (int i = (int) hash & mask, n = 0; n < s.length; i = (i + 1) & mask, n++) {
            AreaRecord r = s[i];
            if (r == null || r.area == area) {
                return r;
            }
        }
        return null;
    }

    /** The record of {@code area} (live or dead) or null, without blocking. */
    AreaRecord find(long area, long hash) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            AreaRecord r = probe(slots, area, hash);
            if (lock.validate(stamp)) {
                return r;
            }
        }
        stamp = lock.readLock();
        try {
            return probe(slots, area, hash);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Adds a record (write lock held); grows the array past 3/4 full. Returns whether it rebuilt. */
    boolean insertLocked(AreaRecord r, long hash) {
        boolean rebuilt = false;
        if ((size + 1) * 4L > slots.length * 3L) {
            rebuild(slots.length * 2);
            rebuilt = true;
        }
        AreaRecord[] s = slots;
        int mask = s.length - 1;
        int i = (int) hash & mask;
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = r;
        size++;
        return rebuilt;
    }

    /**
     * Removes exactly {@code r} if present (write lock held), by backward-shift deletion so no
     * tombstone is left; shrinks the array below 1/8 full. Returns whether it rebuilt.
     */
    boolean removeLocked(AreaRecord r, long hash) {
        AreaRecord[] s = slots;
        int mask = s.length - 1;
        int i = (int) hash & mask;
        while (s[i] != r) {
            if (s[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            int home = (int) hash(s[j].area, seed) & mask;
            // Move s[j] into the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = null;
        size--;
        if (s.length > minCapacity && size * 8L < s.length) {
            rebuild(Math.max(minCapacity, s.length / 2));
            return true;
        }
        return false;
    }

    /** Rebuilds the array at {@code capacity} (write lock held). */
    void rebuild(int capacity) {
        AreaRecord[] old = slots;
        AreaRecord[] s = new AreaRecord[capacity];
        int mask = capacity - 1;
        for (AreaRecord r : old) {
            if (r != null) {
                int i = (int) hash(r.area, seed) & mask;
                while (s[i] != null) {
                    i = (i + 1) & mask;
                }
                s[i] = r;
            }
        }
        slots = s;
    }
}
