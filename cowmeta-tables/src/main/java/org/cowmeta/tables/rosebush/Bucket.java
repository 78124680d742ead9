package org.cowmeta.tables.rosebush;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.cowmeta.tables.memory.JvmLayout;
import org.cowmeta.tables.memory.VarHandles;

/**
 * One Rosebush bucket, v2's 64-bit layout: {@code u32 hashes[20]; void *slots[20];} then the
 * owner pointer, a spin lock and the contention counter, 256 bytes (4 cache lines) in the model.
 * The hashes come first so a lookup scans 80 bytes (two lines) before it dereferences anything.
 *
 * <p>The twenty hashes and twenty slots are fields of this one object, not two arrays beside it,
 * so that a lookup makes the kernel's dependent loads (pointer-array entry, bucket, counter) and
 * not two more for the arrays: a Java object cannot hold an inline array, so the positions are
 * fields {@code h0..h19}, {@code s0..s19}, read by a switch on the position (a jump table) or,
 * on the lookup path, all twenty hashes at once into a bit mask ({@link #matches}). This class
 * is written out field by field on purpose; it was generated, and is best changed the same way.
 *
 * <p>Free slots: every valid hash in a bucket has the same low bit (the bucket index uses at least
 * that bit), so a slot whose stored hash has the other low bit is free; remove writes {@code ~hash}.
 *
 * <p>The lock is a test-and-set spin lock on an int (the kernel's {@code spinlock_t}); it spins
 * briefly and then yields, because on a small shared machine a preempted holder would otherwise
 * cost whole time slices. {@code contention} is only touched under the lock.
 */
final class Bucket {
    static final int ENTRIES = 20;
    /** JVM bytes of one bucket: twenty int hashes, twenty counter references, the lock and the contention count. */
    static final long JVM_BYTES = JvmLayout.instance(0, ENTRIES + 2, ENTRIES, 0);

    private static final VarHandle LOCK = VarHandles.field(MethodHandles.lookup(), Bucket.class, "lock", int.class);
    private static final VarHandle H0 = hashField(0);
    private static final VarHandle H1 = hashField(1);
    private static final VarHandle H2 = hashField(2);
    private static final VarHandle H3 = hashField(3);
    private static final VarHandle H4 = hashField(4);
    private static final VarHandle H5 = hashField(5);
    private static final VarHandle H6 = hashField(6);
    private static final VarHandle H7 = hashField(7);
    private static final VarHandle H8 = hashField(8);
    private static final VarHandle H9 = hashField(9);
    private static final VarHandle H10 = hashField(10);
    private static final VarHandle H11 = hashField(11);
    private static final VarHandle H12 = hashField(12);
    private static final VarHandle H13 = hashField(13);
    private static final VarHandle H14 = hashField(14);
    private static final VarHandle H15 = hashField(15);
    private static final VarHandle H16 = hashField(16);
    private static final VarHandle H17 = hashField(17);
    private static final VarHandle H18 = hashField(18);
    private static final VarHandle H19 = hashField(19);
    private static final VarHandle S0 = slotField(0);
    private static final VarHandle S1 = slotField(1);
    private static final VarHandle S2 = slotField(2);
    private static final VarHandle S3 = slotField(3);
    private static final VarHandle S4 = slotField(4);
    private static final VarHandle S5 = slotField(5);
    private static final VarHandle S6 = slotField(6);
    private static final VarHandle S7 = slotField(7);
    private static final VarHandle S8 = slotField(8);
    private static final VarHandle S9 = slotField(9);
    private static final VarHandle S10 = slotField(10);
    private static final VarHandle S11 = slotField(11);
    private static final VarHandle S12 = slotField(12);
    private static final VarHandle S13 = slotField(13);
    private static final VarHandle S14 = slotField(14);
    private static final VarHandle S15 = slotField(15);
    private static final VarHandle S16 = slotField(16);
    private static final VarHandle S17 = slotField(17);
    private static final VarHandle S18 = slotField(18);
    private static final VarHandle S19 = slotField(19);
    private static final int SPINS_BEFORE_YIELD = 64;

    private static VarHandle hashField(int position) {
        return VarHandles.field(MethodHandles.lookup(), Bucket.class, "h" + position, int.class);
    }

    private static VarHandle slotField(int position) {
        return VarHandles.field(MethodHandles.lookup(), Bucket.class, "s" + position, Counter.class);
    }

    private int h0;
    private int h1;
    private int h2;
    private int h3;
    private int h4;
    private int h5;
    private int h6;
    private int h7;
    private int h8;
    private int h9;
    private int h10;
    private int h11;
    private int h12;
    private int h13;
    private int h14;
    private int h15;
    private int h16;
    private int h17;
    private int h18;
    private int h19;
    private Counter s0;
    private Counter s1;
    private Counter s2;
    private Counter s3;
    private Counter s4;
    private Counter s5;
    private Counter s6;
    private Counter s7;
    private Counter s8;
    private Counter s9;
    private Counter s10;
    private Counter s11;
    private Counter s12;
    private Counter s13;
    private Counter s14;
    private Counter s15;
    private Counter s16;
    private Counter s17;
    private Counter s18;
    private Counter s19;
    @SuppressWarnings("unused") // through LOCK
    private int lock;
    /** +10 per contended acquisition, -1 per uncontended one; guarded by the lock. */
    int contention;

    /** An empty bucket: every hash slot holds {@code freeMarker}, whose low bit marks it free. */
    Bucket(int freeMarker) {
        h0 = freeMarker;
        h1 = freeMarker;
        h2 = freeMarker;
        h3 = freeMarker;
        h4 = freeMarker;
        h5 = freeMarker;
        h6 = freeMarker;
        h7 = freeMarker;
        h8 = freeMarker;
        h9 = freeMarker;
        h10 = freeMarker;
        h11 = freeMarker;
        h12 = freeMarker;
        h13 = freeMarker;
        h14 = freeMarker;
        h15 = freeMarker;
        h16 = freeMarker;
        h17 = freeMarker;
        h18 = freeMarker;
        h19 = freeMarker;
    }

    /** A private copy (same hashes and slot pointers, fresh lock and counter); caller holds src's lock. */
    static Bucket copyOf(Bucket src) {
        Bucket b = new Bucket(0);
        for (int i = 0; i < ENTRIES; i++) {
            b.setHashPlain(i, src.hashPlain(i));
            b.setSlotPlain(i, src.slotPlain(i));
        }
        return b;
    }

    static boolean isFree(int stored, int hash) {
        return ((stored ^ hash) & 1) != 0;
    }

    /**
     * The positions whose stored hash is {@code h}, as a bit mask: the lookup's scan of the 80
     * bytes of hashes, then an acquire fence, so that a slot read after it sees at least what was
     * written before the hash it matched (the insert writes the slot, then the hash).
     */
    int matches(int h) {
        int m = (h0 == h ? 1 << 0 : 0) | (h1 == h ? 1 << 1 : 0) | (h2 == h ? 1 << 2 : 0) | (h3 == h ? 1 << 3 : 0)
                | (h4 == h ? 1 << 4 : 0) | (h5 == h ? 1 << 5 : 0) | (h6 == h ? 1 << 6 : 0) | (h7 == h ? 1 << 7 : 0)
                | (h8 == h ? 1 << 8 : 0) | (h9 == h ? 1 << 9 : 0) | (h10 == h ? 1 << 10 : 0) | (h11 == h ? 1 << 11 : 0)
                | (h12 == h ? 1 << 12 : 0) | (h13 == h ? 1 << 13 : 0) | (h14 == h ? 1 << 14 : 0) | (h15 == h ? 1 << 15 : 0)
                | (h16 == h ? 1 << 16 : 0) | (h17 == h ? 1 << 17 : 0) | (h18 == h ? 1 << 18 : 0) | (h19 == h ? 1 << 19 : 0);
        VarHandle.acquireFence();
        return m;
    }

    /** The free positions for hashes whose low bit is {@code h}'s (caller holds the lock). */
    int freePositions(int h) {
        return (((h0 ^ h) & 1) != 0 ? 1 << 0 : 0) | (((h1 ^ h) & 1) != 0 ? 1 << 1 : 0) | (((h2 ^ h) & 1) != 0 ? 1 << 2 : 0)
                | (((h3 ^ h) & 1) != 0 ? 1 << 3 : 0) | (((h4 ^ h) & 1) != 0 ? 1 << 4 : 0) | (((h5 ^ h) & 1) != 0 ? 1 << 5 : 0)
                | (((h6 ^ h) & 1) != 0 ? 1 << 6 : 0) | (((h7 ^ h) & 1) != 0 ? 1 << 7 : 0) | (((h8 ^ h) & 1) != 0 ? 1 << 8 : 0)
                | (((h9 ^ h) & 1) != 0 ? 1 << 9 : 0) | (((h10 ^ h) & 1) != 0 ? 1 << 10 : 0) | (((h11 ^ h) & 1) != 0 ? 1 << 11 : 0)
                | (((h12 ^ h) & 1) != 0 ? 1 << 12 : 0) | (((h13 ^ h) & 1) != 0 ? 1 << 13 : 0) | (((h14 ^ h) & 1) != 0 ? 1 << 14 : 0)
                | (((h15 ^ h) & 1) != 0 ? 1 << 15 : 0) | (((h16 ^ h) & 1) != 0 ? 1 << 16 : 0) | (((h17 ^ h) & 1) != 0 ? 1 << 17 : 0)
                | (((h18 ^ h) & 1) != 0 ? 1 << 18 : 0) | (((h19 ^ h) & 1) != 0 ? 1 << 19 : 0);
    }

    /** READ_ONCE of a hash. */
    int hash(int i) {
        return switch (i) {
            case 0 -> (int) H0.getVolatile(this);
            case 1 -> (int) H1.getVolatile(this);
            case 2 -> (int) H2.getVolatile(this);
            case 3 -> (int) H3.getVolatile(this);
            case 4 -> (int) H4.getVolatile(this);
            case 5 -> (int) H5.getVolatile(this);
            case 6 -> (int) H6.getVolatile(this);
            case 7 -> (int) H7.getVolatile(this);
            case 8 -> (int) H8.getVolatile(this);
            case 9 -> (int) H9.getVolatile(this);
            case 10 -> (int) H10.getVolatile(this);
            case 11 -> (int) H11.getVolatile(this);
            case 12 -> (int) H12.getVolatile(this);
            case 13 -> (int) H13.getVolatile(this);
            case 14 -> (int) H14.getVolatile(this);
            case 15 -> (int) H15.getVolatile(this);
            case 16 -> (int) H16.getVolatile(this);
            case 17 -> (int) H17.getVolatile(this);
            case 18 -> (int) H18.getVolatile(this);
            case 19 -> (int) H19.getVolatile(this);
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** A hash read under the lock (or of a bucket nobody else sees yet). */
    int hashPlain(int i) {
        return switch (i) {
            case 0 -> h0;
            case 1 -> h1;
            case 2 -> h2;
            case 3 -> h3;
            case 4 -> h4;
            case 5 -> h5;
            case 6 -> h6;
            case 7 -> h7;
            case 8 -> h8;
            case 9 -> h9;
            case 10 -> h10;
            case 11 -> h11;
            case 12 -> h12;
            case 13 -> h13;
            case 14 -> h14;
            case 15 -> h15;
            case 16 -> h16;
            case 17 -> h17;
            case 18 -> h18;
            case 19 -> h19;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** WRITE_ONCE of the hash: the publication (insert) or release (remove) of a slot. */
    void setHash(int i, int h) {
        switch (i) {
            case 0 -> H0.setVolatile(this, h);
            case 1 -> H1.setVolatile(this, h);
            case 2 -> H2.setVolatile(this, h);
            case 3 -> H3.setVolatile(this, h);
            case 4 -> H4.setVolatile(this, h);
            case 5 -> H5.setVolatile(this, h);
            case 6 -> H6.setVolatile(this, h);
            case 7 -> H7.setVolatile(this, h);
            case 8 -> H8.setVolatile(this, h);
            case 9 -> H9.setVolatile(this, h);
            case 10 -> H10.setVolatile(this, h);
            case 11 -> H11.setVolatile(this, h);
            case 12 -> H12.setVolatile(this, h);
            case 13 -> H13.setVolatile(this, h);
            case 14 -> H14.setVolatile(this, h);
            case 15 -> H15.setVolatile(this, h);
            case 16 -> H16.setVolatile(this, h);
            case 17 -> H17.setVolatile(this, h);
            case 18 -> H18.setVolatile(this, h);
            case 19 -> H19.setVolatile(this, h);
            default -> throw new IndexOutOfBoundsException(i);
        }
    }

    private void setHashPlain(int i, int h) {
        switch (i) {
            case 0 -> h0 = h;
            case 1 -> h1 = h;
            case 2 -> h2 = h;
            case 3 -> h3 = h;
            case 4 -> h4 = h;
            case 5 -> h5 = h;
            case 6 -> h6 = h;
            case 7 -> h7 = h;
            case 8 -> h8 = h;
            case 9 -> h9 = h;
            case 10 -> h10 = h;
            case 11 -> h11 = h;
            case 12 -> h12 = h;
            case 13 -> h13 = h;
            case 14 -> h14 = h;
            case 15 -> h15 = h;
            case 16 -> h16 = h;
            case 17 -> h17 = h;
            case 18 -> h18 = h;
            case 19 -> h19 = h;
            default -> throw new IndexOutOfBoundsException(i);
        }
    }

    /** rcu_dereference of a slot. */
    Counter slot(int i) {
        return switch (i) {
            case 0 -> (Counter) S0.getAcquire(this);
            case 1 -> (Counter) S1.getAcquire(this);
            case 2 -> (Counter) S2.getAcquire(this);
            case 3 -> (Counter) S3.getAcquire(this);
            case 4 -> (Counter) S4.getAcquire(this);
            case 5 -> (Counter) S5.getAcquire(this);
            case 6 -> (Counter) S6.getAcquire(this);
            case 7 -> (Counter) S7.getAcquire(this);
            case 8 -> (Counter) S8.getAcquire(this);
            case 9 -> (Counter) S9.getAcquire(this);
            case 10 -> (Counter) S10.getAcquire(this);
            case 11 -> (Counter) S11.getAcquire(this);
            case 12 -> (Counter) S12.getAcquire(this);
            case 13 -> (Counter) S13.getAcquire(this);
            case 14 -> (Counter) S14.getAcquire(this);
            case 15 -> (Counter) S15.getAcquire(this);
            case 16 -> (Counter) S16.getAcquire(this);
            case 17 -> (Counter) S17.getAcquire(this);
            case 18 -> (Counter) S18.getAcquire(this);
            case 19 -> (Counter) S19.getAcquire(this);
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** A slot read under the lock (or of a bucket nobody else sees yet). */
    Counter slotPlain(int i) {
        return switch (i) {
            case 0 -> s0;
            case 1 -> s1;
            case 2 -> s2;
            case 3 -> s3;
            case 4 -> s4;
            case 5 -> s5;
            case 6 -> s6;
            case 7 -> s7;
            case 8 -> s8;
            case 9 -> s9;
            case 10 -> s10;
            case 11 -> s11;
            case 12 -> s12;
            case 13 -> s13;
            case 14 -> s14;
            case 15 -> s15;
            case 16 -> s16;
            case 17 -> s17;
            case 18 -> s18;
            case 19 -> s19;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** rcu_assign_pointer of the slot: written before the hash that makes it visible. */
    void setSlot(int i, Counter c) {
        switch (i) {
            case 0 -> S0.setRelease(this, c);
            case 1 -> S1.setRelease(this, c);
            case 2 -> S2.setRelease(this, c);
            case 3 -> S3.setRelease(this, c);
            case 4 -> S4.setRelease(this, c);
            case 5 -> S5.setRelease(this, c);
            case 6 -> S6.setRelease(this, c);
            case 7 -> S7.setRelease(this, c);
            case 8 -> S8.setRelease(this, c);
            case 9 -> S9.setRelease(this, c);
            case 10 -> S10.setRelease(this, c);
            case 11 -> S11.setRelease(this, c);
            case 12 -> S12.setRelease(this, c);
            case 13 -> S13.setRelease(this, c);
            case 14 -> S14.setRelease(this, c);
            case 15 -> S15.setRelease(this, c);
            case 16 -> S16.setRelease(this, c);
            case 17 -> S17.setRelease(this, c);
            case 18 -> S18.setRelease(this, c);
            case 19 -> S19.setRelease(this, c);
            default -> throw new IndexOutOfBoundsException(i);
        }
    }

    /** A slot written into a bucket nobody else sees yet (a split's new halves). */
    void setSlotPlain(int i, Counter c) {
        switch (i) {
            case 0 -> s0 = c;
            case 1 -> s1 = c;
            case 2 -> s2 = c;
            case 3 -> s3 = c;
            case 4 -> s4 = c;
            case 5 -> s5 = c;
            case 6 -> s6 = c;
            case 7 -> s7 = c;
            case 8 -> s8 = c;
            case 9 -> s9 = c;
            case 10 -> s10 = c;
            case 11 -> s11 = c;
            case 12 -> s12 = c;
            case 13 -> s13 = c;
            case 14 -> s14 = c;
            case 15 -> s15 = c;
            case 16 -> s16 = c;
            case 17 -> s17 = c;
            case 18 -> s18 = c;
            case 19 -> s19 = c;
            default -> throw new IndexOutOfBoundsException(i);
        }
    }

    /** Writes a position of a bucket nobody else sees yet (a split's new halves). */
    void fill(int i, int h, Counter c) {
        setHashPlain(i, h);
        setSlotPlain(i, c);
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
