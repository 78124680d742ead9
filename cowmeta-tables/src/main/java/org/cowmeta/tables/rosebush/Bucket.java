package org.cowmeta.tables.rosebush;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One Rosebush bucket, v2's 64-bit layout: {@code u32 hashes[20]; void *slots[20];} then the
 * owner pointer, a spin lock and the contention counter, 256 bytes (4 cache lines) in the model.
 * The hashes come first so a lookup scans 80 bytes (two lines) before it dereferences anything.
 *
 * <p>Free slots: every valid hash in a bucket has the same low bit (the bucket index uses at least
 * that bit), so a slot whose stored hash has the other low bit is free; remove writes {@code ~hash}.
 * Java holds the two arrays as separate objects (no inline arrays); the model is unaffected.
 *
 * <p>The lock is a test-and-set spin lock on an int (the kernel's {@code spinlock_t}); it spins
 * briefly and then yields, because on a small shared machine a preempted holder would otherwise
 * cost whole time slices. {@code contention} is only touched under the lock.
 */
final class Bucket {
    static final int ENTRIES = 20;

    private static final VarHandle HASH = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Counter[].class);
    private static final VarHandle LOCK;
    private static final int SPINS_BEFORE_YIELD = 64;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Bucket.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int[] hashes = new int[ENTRIES];
    final Counter[] slots = new Counter[ENTRIES];
    @SuppressWarnings("unused") // through LOCK
    private int lock;
    /** +10 per contended acquisition, -1 per uncontended one; guarded by the lock. */
    int contention;

    /** An empty bucket: every hash slot holds {@code freeMarker}, whose low bit marks it free. */
    Bucket(int freeMarker) {
        java.util.Arrays.fill(hashes, freeMarker);
    }

    /** A private copy (same hashes and slot pointers, fresh lock and counter); caller holds src's lock. */
    static Bucket copyOf(Bucket src) {
        Bucket b = new Bucket(0);
        System.arraycopy(src.hashes, 0, b.hashes, 0, ENTRIES);
        System.arraycopy(src.slots, 0, b.slots, 0, ENTRIES);
        return b;
    }

    static boolean isFree(int stored, int hash) {
        return ((stored ^ hash) & 1) != 0;
    }

    int hash(int i) {
        return (int) HASH.getVolatile(hashes, i);
    }

    /** WRITE_ONCE of the hash: the publication (insert) or release (remove) of a slot. */
    void setHash(int i, int h) {
        HASH.setVolatile(hashes, i, h);
    }

    Counter slot(int i) {
        return (Counter) SLOT.getAcquire(slots, i);
    }

    /** rcu_assign_pointer of the slot: written before the hash that makes it visible. */
    void setSlot(int i, Counter c) {
        SLOT.setRelease(slots, i, c);
    }

    boolean tryLock() {
        return (int) LOCK.getOpaque(this) == 0 && LOCK.compareAndSet(this, 0, 1);
    }

    void lockSpinning() {
        int spins = 0;
        while (!tryLock()) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    void unlock() {
        LOCK.setRelease(this, 0);
    }

    boolean isLocked() {
        return (int) LOCK.getVolatile(this) != 0;
    }
}
