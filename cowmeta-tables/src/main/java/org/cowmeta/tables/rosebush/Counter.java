package org.cowmeta.tables.rosebush;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * The object a Rosebush slot points at: one counted frame and its reference count, 16 bytes in
 * the kernel model ({@code struct { u64 frame; u64 count; }}; allocated with an rcu_head, kmalloc-32). Rosebush itself
 * stores only the pointer and the frame's 32-bit hash; comparing the frame is the caller's job.
 *
 * <p>A counter is <i>live</i> while {@code count >= 2}. It is born with count 0 (not yet live),
 * becomes live only after its hash is published in a bucket, and dies by a CAS from 2 to 0 under
 * the bucket lock. Between those points the count moves only by CAS among values >= 2, so a reader
 * that sees a count >= 2 has seen the frame's one live counter (see {@link Rosebush}).
 */
final class Counter {
    /** JVM bytes of one counter: frame and count. */
    static final long JVM_BYTES = JvmLayout.instance(2, 0, 0, 0);

    static final VarHandle COUNT = VarHandles.field(MethodHandles.lookup(), Counter.class, "count", long.class);

    final long frame;
    /** Accessed through {@link #COUNT} for CAS, otherwise as a volatile field. */
    volatile long count;

    Counter(long frame) {
        this.frame = frame;
    }

    boolean casCount(long expected, long next) {
        return COUNT.compareAndSet(this, expected, next);
    }

    long incrementAndGet() {
        return (long) COUNT.getAndAdd(this, 1L) + 1;
    }
}
