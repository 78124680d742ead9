package org.cowmeta.vm.system;

import org.cowmeta.vm.paging.Levels;
import org.cowmeta.vm.paging.Pte;

/**
 * A detached morsel: a handle holding one reference to the root table of a page-table subtree
 * at level 1 (2 MiB), 2 (1 GiB) or 3 (512 GiB), and whether that reference may write
 * (a copy's may not). {@link AddressSpace#mount} moves the reference into one entry of an
 * address space and uses the handle up; {@link AddressSpace#unmount} and
 * {@link AddressSpace#copyMorsel} hand out new handles. {@link #copy()} is the O(1)
 * copy-on-write copy: one increment of the root, both references write-protected.
 * A handle that is neither mounted nor released keeps its frames alive (the checker counts it).
 */
public final class Morsel {
    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 3;

    private enum State { DETACHED, MOUNTED, RELEASED }

    private final MemorySystem system;
    private final int level;
    private final long root;
    private boolean writable;
    private State state = State.DETACHED;

    Morsel(MemorySystem system, int level, long root, boolean writable) {
        this.system = system;
        this.level = level;
        this.root = root;
        this.writable = writable;
    }

    static void checkLevel(int level) {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("a morsel is at level 1, 2 or 3, not " + level);
        }
    }

    public int level() {
        return level;
    }

    /** Bytes of virtual memory the morsel covers. */
    public long size() {
        return Levels.span(level);
    }

    public long rootFrame() {
        return root;
    }

    public synchronized boolean writable() {
        return writable;
    }

    public synchronized boolean isDetached() {
        return state == State.DETACHED;
    }

    /** The O(1) copy-on-write copy: {@code increment(root)}, this handle and the copy write-protected. */
    public Morsel copy() {
        Morsel copy;
        Scratch s = system.ops().begin();
        synchronized (this) {
            checkDetached();
            system.ops().increment(root, s);
            writable = false;
            copy = new Morsel(system, level, root, false);
        }
        system.register(copy);
        system.publish(s);
        return copy;
    }

    /** Drops the handle's reference: {@code decrement(root)}, freeing the subtree if it was the last. */
    public void release() {
        synchronized (this) {
            checkDetached();
            state = State.RELEASED;
        }
        system.unregister(this);
        Scratch s = system.ops().begin();
        system.ops().drop(root, level, s);
        system.publish(s);
    }

    /** Uses the handle up for mounting; returns the entry that will hold its reference. */
    synchronized long consume() {
        checkDetached();
        state = State.MOUNTED;
        return Pte.make(root, writable);
    }

    private void checkDetached() {
        if (state != State.DETACHED) {
            throw new IllegalStateException("this morsel handle is " + state.name().toLowerCase() + ", not detached");
        }
    }

    @Override
    public synchronized String toString() {
        return "morsel L" + level + " root " + root + (writable ? " rw " : " cow ") + state.name().toLowerCase();
    }
}
