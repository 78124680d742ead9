package org.cowmeta.tables.rhashtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * One {@code struct bucket_table}: a power-of-two array of bucket words, its own random
 * {@code hash_rnd}, and the {@code future_tbl} link a resize attaches.
 *
 * <p>Bucket word: the kernel stores a pointer to the first object with bit 0 as the bucket's
 * spin lock (NULL when empty; the nulls marker is never stored in the bucket). A Java reference
 * cannot carry a tag bit, so the word is split in two arrays indexed alike: {@link #buckets}
 * holds the head reference and {@link #locks} the lock bit. Readers never look at the lock,
 * exactly as in the kernel; writers take the lock before touching the chain. The kernel unlocks
 * for free with the store that publishes a new head; here that is two stores (head, then lock).
 */
final class BucketTable {
    static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Counter[].class);
    static final VarHandle LOCKS = MethodHandles.arrayElementVarHandle(byte[].class);
    static final VarHandle FUTURE = VarHandles.field(MethodHandles.lookup(), BucketTable.class, "futureTbl", BucketTable.class);

    /** Spins before a waiting writer yields its CPU (the kernel spins with preemption off). */
    private static final int SPINS_BEFORE_YIELD = 64;

    final int size;
    final int mask;
    final int hashRnd;
    /** Which table this is, in allocation order (0 = the first): names its seed and modeled address. */
    final int serial;
    /** Bucket heads; null = empty bucket. */
    final Counter[] buckets;
    /** Bit 0 of each bucket word: 1 while a writer holds the bucket. */
    final byte[] locks;
    /**
     * This table's nulls marker. The kernel's marker is the bucket's address | 1 and so names the
     * table and the bucket; here it names the table only (see {@link RhashtableTable} for why that
     * makes the same rescan decisions).
     */
    final Counter nulls;
    /** The table a resize moves this one's objects into; set once by CAS. */
    BucketTable futureTbl;
    /** Modeled kernel address of the struct (bucket array at +64), for access traces. */
    final long modeledAddress;

    BucketTable(int size, int hashRnd, int serial, long modeledAddress) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("bucket table size must be a power of two: " + size);
        }
        this.size = size;
        this.mask = size - 1;
        this.hashRnd = hashRnd;
        this.serial = serial;
        this.buckets = new Counter[size];
        this.locks = new byte[size];
        this.nulls = Counter.nullsMarker();
        this.modeledAddress = modeledAddress;
    }

    int index(int hash) {
        return hash & mask;
    }

    /** rht_ptr_rcu(): the first object, or this table's nulls marker when the bucket is empty. */
    Counter firstAcquire(int i) {
        Counter head = (Counter) BUCKETS.getAcquire(buckets, i);
        return head == null ? nulls : head;
    }

    /** rht_assign_locked(): publishes a new first object (or empties the bucket) under the lock. */
    void assignFirst(int i, Counter first) {
        BUCKETS.setRelease(buckets, i, first == nulls ? null : first);
    }

    /** rht_lock(): bit_spin_lock(0, bucket). */
    void lock(int i) {
        if (LOCKS.compareAndSet(locks, i, (byte) 0, (byte) 1)) {
            return;
        }
        lockContended(i);
    }

    private void lockContended(int i) {
        int spins = 0;
        for (;;) {
            while ((byte) LOCKS.getOpaque(locks, i) != 0) {
                if (++spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    // A holder may be descheduled on an oversubscribed machine; the kernel holder cannot be.
                    Thread.yield();
                }
            }
            if (LOCKS.compareAndSet(locks, i, (byte) 0, (byte) 1)) {
                return;
            }
        }
    }

    /**
     * rht_unlock(). A volatile (full-fence) store: it ends every update, so an update's effect is
     * visible to all threads before the update returns (this is what makes the table linearizable
     * across frames; the kernel's release-only unlock would permit store-buffer reordering).
     */
    void unlock(int i) {
        LOCKS.setVolatile(locks, i, (byte) 0);
    }

    /**
     * Loads the lock byte of bucket {@code i} with no intent to lock yet, so that a lock CAS that
     * follows finds its line cached; an update's lookup issues it next to the bucket load. Returns
     * the byte (0 or 1), so the load cannot be dropped.
     */
    byte touchLock(int i) {
        return (byte) LOCKS.getAcquire(locks, i);
    }

    boolean isLocked(int i) {
        return (byte) LOCKS.getVolatile(locks, i) != 0;
    }

    BucketTable futureAcquire() {
        return (BucketTable) FUTURE.getAcquire(this);
    }

    /** rhashtable_rehash_attach(): cmpxchg(&future_tbl, NULL, next). */
    boolean attachFuture(BucketTable next) {
        return FUTURE.compareAndSet(this, (BucketTable) null, next);
    }

    /** JVM bytes of a table of {@code size} buckets: this object, its two arrays and its nulls marker. */
    static long jvmBytes(int size) {
        long shallow = JvmLayout.instance(1, 4, 4, 0); // modeledAddress; size, mask, hashRnd, serial; four references
        return shallow + JvmLayout.referenceArray(size) + JvmLayout.array(size, 1) + Counter.JVM_BYTES;
    }

    /** Modeled address of bucket word {@code i}: after the cache-line-aligned 64-byte header. */
    long bucketAddress(int i) {
        return modeledAddress + RhashtableModel.BUCKET_TABLE_HEADER + 8L * i;
    }
}
