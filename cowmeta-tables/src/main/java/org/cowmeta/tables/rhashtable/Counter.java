package org.cowmeta.tables.rhashtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counter object the kernel prototype would kmalloc: {@code struct { struct rhash_head node;
 * unsigned long frame; atomic_long_t count; }}, 24 bytes in kmalloc-32.
 *
 * <p>{@code next} is the embedded {@code rhash_head}: the next object of the chain, or the chain's
 * nulls marker. A nulls marker is itself a {@code Counter} (one per bucket table, see
 * {@link BucketTable#nulls}) whose frame is {@link #NULLS_FRAME}, never a valid frame, and whose
 * {@code next} is null: a walk compares keys first and stops where {@code next} is null, so the
 * marker test costs nothing on the hit path (the kernel tests bit 0 of the pointer instead).
 *
 * <p>Publication follows the kernel: an object is fully written before a release store links it
 * ({@code rcu_assign_pointer}); readers use acquire loads ({@code rcu_dereference}). An object
 * that is unlinked is never written again and stays valid for readers that still hold it: the
 * garbage collector is the RCU grace period of {@code kfree_rcu}.
 */
final class Counter {
    /** The frame of a nulls marker: outside [0, 2^40), so no key compares equal to it. */
    static final long NULLS_FRAME = -1L;

    static final VarHandle NEXT;
    static final VarHandle COUNT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(Counter.class, "next", Counter.class);
            COUNT = l.findVarHandle(Counter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** rhash_head.next: the next object or a nulls marker; null only in a nulls marker. */
    Counter next;
    /** The key. */
    final long frame;
    /** The reference count, >= 2 while linked; written only under the lock of the object's bucket. */
    long count;

    Counter(long frame, long count, Counter next) {
        this.frame = frame;
        this.count = count;
        this.next = next;
    }

    /** A nulls marker: ends every chain of one bucket table. */
    static Counter nullsMarker() {
        return new Counter(NULLS_FRAME, 0, null);
    }

    boolean isNulls() {
        return next == null;
    }

    Counter nextAcquire() {
        return (Counter) NEXT.getAcquire(this);
    }

    void nextRelease(Counter n) {
        NEXT.setRelease(this, n);
    }

    long countAcquire() {
        return (long) COUNT.getAcquire(this);
    }

    void countRelease(long c) {
        COUNT.setRelease(this, c);
    }
}
