package org.cowmeta.tables.rhashtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * The counter object the kernel prototype would allocate: {@code struct { struct rhash_head node;
 * unsigned long frame; atomic_long_t count; }}, 24 bytes (plus an rcu_head when it is freed with
 * kfree_rcu: see {@link RhashtableModel#objectBytes}).
 *
 * <p>Count: at least 2 while the object is linked and live; 0 once it is dead (the update that
 * takes it from 2 to 1 sets 0 by CAS under the bucket lock, then unlinks it). A lockless update
 * changes a live count by CAS and never revives a dead one, as
 * {@code atomic_long_add_unless(&obj->count, 1, 0)} would not; a lookup that meets a dead object
 * reports the frame absent.
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

    /** JVM bytes of one counter: next, frame, count. */
    static final long JVM_BYTES = JvmLayout.instance(2, 0, 1, 0);

    static final VarHandle NEXT = VarHandles.field(MethodHandles.lookup(), Counter.class, "next", Counter.class);
    static final VarHandle COUNT = VarHandles.field(MethodHandles.lookup(), Counter.class, "count", long.class);
    static final VarHandle FRAME = VarHandles.field(MethodHandles.lookup(), Counter.class, "frame", long.class);

    /** rhash_head.next: the next object or a nulls marker; null only in a nulls marker. */
    Counter next;
    /** The key. */
    final long frame;
    /** The reference count: >= 2 while live, 0 once dead. */
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

    boolean casCount(long expected, long next) {
        return COUNT.compareAndSet(this, expected, next);
    }

    /**
     * The key read again after the count, as a lookup in a SLAB_TYPESAFE_BY_RCU cache must
     * (smp_rmb(); obj->frame == key?): the object may have been freed and reused meanwhile. Here
     * it never is (the garbage collector frees nothing a reader holds), but the load is real.
     */
    long frameAcquire() {
        return (long) FRAME.getAcquire(this);
    }
}
