package org.cowmeta.tables.clustered;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.HelpPacing;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.compact.SpillCounts;

/**
 * A refcount table keyed by the 2 MiB physical area ({@code frame >> 9}): each area with counted
 * frames has one {@link AreaRecord} (a 512-bit bitmap and one byte per counted frame in bitmap
 * order, spilling counts past 254 to {@link SpillCounts}), found through a striped, resizable
 * directory of {@link AreaStripe}s. Real sharing is physically clustered (Redis BGSAVE: ~430
 * shared frames per 2 MiB area), so bytes per counted frame fall to about 1 + 80/(frames per
 * area) and a page-table copy's 512 increments become a few grouped updates of a few records.
 *
 * <p><b>Layout.</b> {@code stripes} (a power of two) directory stripes chosen by the top bits of
 * the area's hash; each is a linear-probing array of record references (modeled as 8-byte
 * pointers) behind a stamped lock. A record models one kmalloc object: 16-byte header, 64-byte
 * bitmap, one byte per counted frame.
 *
 * <p><b>Concurrency.</b> Lookups take no lock: an optimistic directory read (stamp, probe,
 * validate) then a sequence-lock read of the record (retry if a writer intervened), as the
 * kernel's seqcount readers do. Updates lock only their record (a CAS that makes its sequence
 * odd); creating an area's record or removing an emptied one takes its stripe's write lock. An
 * emptied record is marked dead under its lock before it leaves the directory, and a dead record
 * counts 1 for every frame, which is exact for as long as it is reachable (a new record for the
 * area can only replace it under the stripe lock). Each operation is linearizable at its record
 * lock (updates) or its validated read (lookups).
 *
 * <p><b>Resize</b> (online, incremental, cooperative, grow and shrink). A stripe rebuilds its own
 * array past 3/4 or below 1/8 full under its write lock: operations on other stripes never
 * wait, and records are not copied, only their references. A table-wide resize (the
 * {@link ResizeControl}) is a job of one rebuild per stripe, each claimed by whichever operation
 * comes next (all threads help, a stripe at a time, as growt and Click's map migrate blocks);
 * no operation waits for more than one stripe's rebuild and nothing can be lost because every
 * rebuild happens under the lock that every directory change takes.
 *
 * <p><b>Batches</b> sort the frames and apply each area's run under one record lock, in one
 * merge pass over the record's counts: a page-table copy's 512 children usually fall in a few
 * areas, and inserting or removing them one at a time would shift the rank-ordered counts once
 * per frame (quadratic in the run; a teardown in ascending order shifts the whole array each time).
 */
public final class ClusteredTable implements RefCountTable {
    private static final long TRACE_STRIPES = 1L << 56;
    private static final long TRACE_SLOTS = 2L << 56;
    private static final long TRACE_RECORDS = 3L << 56;
    private static final long TRACE_SPILL = 4L << 56;

    private final AreaStripe[] stripes;
    private final int stripeShift;
    private final long seed;
    private final SpillCounts spill = new SpillCounts();
    private final LongAdder entries = new LongAdder();
    private final AtomicLong resizes = new AtomicLong();
    private final ThreadLocal<long[]> scratch = ThreadLocal.withInitial(() -> new long[1024]);
    private volatile ResizeJob job;
    private final HelpPacing pacing = new HelpPacing();
    private volatile boolean closed;

    /** A table-wide rebuild of every stripe, claimed a stripe at a time by whoever comes by. */
    private static final class ResizeJob {
        final boolean grow;
        final AtomicInteger claimed = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();

        ResizeJob(boolean grow) {
            this.grow = grow;
        }
    }

    public ClusteredTable(TableConfig config) {
        int n = (int) config.longOption("stripes", 64);
        if (n < 1 || n > (1 << 16) || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two from 1 to 65536, not " + n);
        }
        int minCapacity = (int) config.longOption("minStripeCapacity", 4);
        if (minCapacity < 2 || Integer.bitCount(minCapacity) != 1) {
            throw new IllegalArgumentException("minStripeCapacity must be a power of two >= 2, not " + minCapacity);
        }
        // A sizing hint counts frames; assume a few hundred per area as in real captures.
        long areasHint = config.expectedEntries() / 64;
        int capacity = minCapacity;
        while ((long) capacity * 3 / 4 * n < areasHint && capacity < (1 << 28)) {
            capacity <<= 1;
        }
        this.seed = config.seed();
        this.stripes = new AreaStripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new AreaStripe(capacity, minCapacity, seed);
        }
        this.stripeShift = 64 - Integer.numberOfTrailingZeros(n);
    }

    private AreaStripe stripe(long hash) {
        return stripeShift == 64 ? stripes[0] : stripes[(int) (hash >>> stripeShift)];
    }

    private void enter() {
        if (closed) {
            throw new IllegalStateException("table is closed");
        }
        ResizeJob j = job;
        if (j != null && pacing.turn()) {
            help(j);
        }
    }

    // ---------------------------------------------------------------- operations

    @Override
    public long get(long frame) {
        Frames.check(frame);
        if (closed) {
            throw new IllegalStateException("table is closed");
        }
        long area = frame >>> 9;
        int offset = (int) frame & 511;
        long h = AreaStripe.hash(area, seed);
        AreaStripe st = stripe(h);
        for (int spins = 0; ; spins++) {
            AreaRecord r = st.find(area, h);
            if (r == null) {
                return 1;
            }
            int begin = r.beginRead();
            long c = 1;
            if (!r.dead) {
                long[] bitmap = r.bitmap;
                if (AreaRecord.has(bitmap, offset)) {
                    byte[] counts = r.counts;
                    int rank = AreaRecord.rank(bitmap, offset);
                    c = rank < counts.length ? counts[rank] & 0xFF : -1;
                    if (c == AreaRecord.SPILLED) {
                        c = spill.read(frame);
                    }
                }
            }
            if (r.validate(begin) && c > 0) {
                return c;
            }
            if ((spins & 63) == 63) {
                Thread.yield();
            }
        }
    }

    @Override
    public long increment(long frame) {
        Frames.check(frame);
        enter();
        long area = frame >>> 9;
        int offset = (int) frame & 511;
        long h = AreaStripe.hash(area, seed);
        AreaStripe st = stripe(h);
        for (;;) {
            AreaRecord r = st.find(area, h);
            if (r != null) {
                r.lock();
                if (!r.dead) {
                    long c = r.incrementLocked(offset, frame, spill);
                    r.unlock();
                    if (c == 2) {
                        entries.increment();
                    }
                    return c;
                }
                r.unlock();
            }
            if (create(st, area, h, frame, offset, 2)) {
                entries.increment();
                return 2;
            }
        }
    }

    /**
     * Creates the record of {@code area} holding one frame with {@code count}, replacing a dead
     * record if one is there; false if a live record appeared meanwhile (use it instead).
     */
    private boolean create(AreaStripe st, long area, long h, long frame, int offset, long count) {
        long stamp = st.lock.writeLock();
        try {
            AreaRecord cur = AreaStripe.probe(st.slots, area, h);
            if (cur != null) {
                cur.lock(); // read its dead flag under its own lock, then release at once
                boolean dead = cur.dead;
                cur.unlock();
                if (!dead) {
                    return false;
                }
                countRebuild(st.removeLocked(cur, h));
            }
            AreaRecord fresh = new AreaRecord(area, 4);
            fresh.setLocked(offset, frame, count, spill); // not yet published: no lock needed
            countRebuild(st.insertLocked(fresh, h));
            return true;
        } finally {
            st.lock.unlockWrite(stamp);
        }
    }

    private void countRebuild(boolean rebuilt) {
        if (rebuilt) {
            resizes.incrementAndGet();
        }
    }

    @Override
    public long decrement(long frame) {
        Frames.check(frame);
        enter();
        long area = frame >>> 9;
        int offset = (int) frame & 511;
        long h = AreaStripe.hash(area, seed);
        AreaStripe st = stripe(h);
        AreaRecord r = st.find(area, h);
        if (r == null) {
            return 0;
        }
        r.lock();
        if (r.dead) {
            r.unlock();
            return 0;
        }
        long c = r.decrementLocked(offset, frame, spill);
        boolean emptied = r.entries == 0;
        if (emptied) {
            r.dead = true;
        }
        r.unlock();
        if (c == 1) {
            entries.decrement();
        }
        if (emptied) {
            removeDead(st, r, h);
        }
        return c;
    }

    private void removeDead(AreaStripe st, AreaRecord r, long h) {
        long stamp = st.lock.writeLock();
        try {
            countRebuild(st.removeLocked(r, h));
        } finally {
            st.lock.unlockWrite(stamp);
        }
    }

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        Frames.checkAll(frames, from, to);
        enter();
        long[] sorted = sortedCopy(frames, from, to);
        int n = to - from;
        for (int i = 0; i < n; ) {
            long area = sorted[i] >>> 9;
            int j = i + 1;
            while (j < n && sorted[j] >>> 9 == area) {
                j++;
            }
            incrementArea(area, sorted, i, j);
            i = j;
        }
    }

    /** Applies a run of increments that all fall in {@code area} under one record lock. */
    private void incrementArea(long area, long[] sorted, int from, int to) {
        long h = AreaStripe.hash(area, seed);
        AreaStripe st = stripe(h);
        for (;;) {
            AreaRecord r = st.find(area, h);
            if (r != null) {
                r.lock();
                if (!r.dead) {
                    int created = r.incrementRunLocked(sorted, from, to, spill);
                    r.unlock();
                    entries.add(created);
                    return;
                }
                r.unlock();
            }
            if (create(st, area, h, sorted[from], (int) sorted[from] & 511, 2)) {
                entries.increment();
                if (from + 1 == to) {
                    return;
                }
                from++; // the rest of the run goes to the record just created
            }
        }
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        Frames.checkAll(frames, from, to);
        enter();
        long[] sorted = sortedCopy(frames, from, to);
        int n = to - from;
        for (int i = 0; i < n; ) {
            long area = sorted[i] >>> 9;
            int j = i + 1;
            while (j < n && sorted[j] >>> 9 == area) {
                j++;
            }
            decrementArea(area, sorted, i, j, released);
            i = j;
        }
    }

    /**
     * Applies a run of decrements in {@code area} under one record lock. Frames that reach 0 are
     * marked in place (bit 63, frames are 40-bit) and handed to {@code released} after the lock
     * is dropped, so the callback can never run under a record lock.
     */
    private void decrementArea(long area, long[] sorted, int from, int to, LongConsumer released) {
        long h = AreaStripe.hash(area, seed);
        AreaStripe st = stripe(h);
        AreaRecord r = st.find(area, h);
        boolean emptied = false;
        if (r != null) {
            r.lock();
            if (!r.dead) {
                int removed = r.decrementRunLocked(sorted, from, to, spill);
                emptied = r.entries == 0;
                if (emptied) {
                    r.dead = true;
                }
                r.unlock();
                entries.add(-removed);
            } else {
                r.unlock();
                r = null;
            }
        }
        if (r == null) {
            for (int k = from; k < to; k++) {
                sorted[k] |= Long.MIN_VALUE; // no counted frame in the area: each reference was the last
            }
        }
        if (emptied) {
            removeDead(st, r, h);
        }
        for (int k = from; k < to; k++) {
            if (sorted[k] < 0) {
                released.accept(sorted[k] & Long.MAX_VALUE);
            }
        }
    }

    private long[] sortedCopy(long[] frames, int from, int to) {
        int n = to - from;
        long[] s = scratch.get();
        if (s.length < n) {
            s = new long[Integer.highestOneBit(n - 1) << 1];
            scratch.set(s);
        }
        System.arraycopy(frames, from, s, 0, n);
        Arrays.sort(s, 0, n);
        return s;
    }

    @Override
    public void seed(long frame, long count) {
        Frames.check(frame);
        if (count < 1) {
            throw new IllegalArgumentException("a seeded count must be at least 1, not " + count);
        }
        enter();
        long area = frame >>> 9;
        int offset = (int) frame & 511;
        long h = AreaStripe.hash(area, seed);
        AreaStripe st = stripe(h);
        for (;;) {
            AreaRecord r = st.find(area, h);
            if (r != null) {
                r.lock();
                if (!r.dead) {
                    int delta = r.setLocked(offset, frame, count, spill);
                    boolean emptied = r.entries == 0;
                    if (emptied) {
                        r.dead = true;
                    }
                    r.unlock();
                    entries.add(delta);
                    if (emptied) {
                        removeDead(st, r, h);
                    }
                    return;
                }
                r.unlock();
            }
            if (count == 1) {
                return;
            }
            if (create(st, area, h, frame, offset, count)) {
                entries.increment();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- resize

    /** Rebuilds one unclaimed stripe of {@code j}, if any (false when none was left). */
    private boolean help(ResizeJob j) {
        int i = j.claimed.getAndIncrement();
        if (i >= stripes.length) {
            return false;
        }
        AreaStripe st = stripes[i];
        long stamp = st.lock.writeLock();
        try {
            int len = st.slots.length;
            if (j.grow) {
                st.rebuild(len * 2);
            } else if (len / 2 >= st.minCapacity && st.size * 4L <= (len / 2) * 3L) {
                st.rebuild(len / 2);
            }
        } finally {
            st.lock.unlockWrite(stamp);
        }
        if (j.done.incrementAndGet() == stripes.length) {
            resizes.incrementAndGet();
            job = null;
        }
        return true;
    }

    private synchronized boolean startJob(boolean grow) {
        if (job != null) {
            return false;
        }
        if (!grow) {
            boolean any = false;
            for (AreaStripe st : stripes) {
                long stamp = st.lock.readLock();
                try {
                    int half = st.slots.length / 2;
                    any |= half >= st.minCapacity && st.size * 4L <= half * 3L;
                } finally {
                    st.lock.unlockRead(stamp);
                }
            }
            if (!any) {
                return false;
            }
        }
        job = new ResizeJob(grow);
        return true;
    }

    @Override
    public Optional<ResizeControl> resizeControl() {
        return Optional.of(new ResizeControl() {
            @Override
            public boolean startGrow() {
                return startJob(true);
            }

            @Override
            public boolean startShrink() {
                return startJob(false);
            }

            @Override
            public boolean inProgress() {
                return job != null;
            }

            @Override
            public boolean callersMigrate() {
                return true; // operations that find a resize help rebuild a stripe (paced: one per interval)
            }

            @Override
            public long migrationUnits() {
                return stripes.length; // a resize rebuilds the directory one stripe at a time
            }

            @Override
            public void pace(long nanos) {
                pacing.set(nanos);
            }

            @Override
            public void hold() {
                pacing.hold();
            }

            @Override
            public boolean step() {
                ResizeJob j = job;
                return j != null && help(j);
            }

            @Override
            public void awaitQuiescent() throws InterruptedException {
                for (;;) {
                    ResizeJob j = job;
                    if (j == null) {
                        return;
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (j.claimed.get() < stripes.length) {
                        help(j);
                    } else {
                        Thread.sleep(0, 100_000);
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- accounting

    @Override
    public long entries() {
        return entries.sum();
    }

    /**
     * Modeled: per stripe a 64-byte header (lock, size, array pointer) and 8 bytes per directory
     * slot; per area one kmalloc object (16 + 64 + one byte per counted frame); 32 bytes per
     * spilled count. JVM: the same objects as this JVM lays them out (12-byte headers,
     * compressed references).
     */
    @Override
    public Footprint footprint() {
        long dirModeled = 0;
        long dirJvm = 16 + 4L * stripes.length;
        long areasModeled = 0;
        long areasJvm = 0;
        for (AreaStripe st : stripes) {
            long stamp = st.lock.readLock();
            try {
                AreaRecord[] s = st.slots;
                dirModeled += 64 + 8L * s.length;
                dirJvm += 32 + 32 + AreaRecord.align8(16 + 4L * s.length); // stripe, lock, array
                for (AreaRecord r : s) {
                    if (r != null) {
                        r.lock();
                        try {
                            areasModeled += r.modeledBytes();
                            areasJvm += r.jvmBytes();
                        } finally {
                            r.unlock();
                        }
                    }
                }
            } finally {
                st.lock.unlockRead(stamp);
            }
        }
        long spilled = spill.size();
        return Footprint.builder()
                .modeled("directory", dirModeled).modeled("areas", areasModeled)
                .modeled("overflow", spilled * SpillCounts.MODELED_BYTES_PER_COUNT)
                .jvm("directory", dirJvm).jvm("areas", areasJvm)
                .jvm("overflow", spilled * SpillCounts.JVM_BYTES_PER_COUNT)
                .build();
    }

    @Override
    public TableStats stats() {
        long areas = 0;
        long capacity = 0;
        long probeSum = 0;
        long maxProbe = 0;
        long maxPerArea = 0;
        for (AreaStripe st : stripes) {
            long stamp = st.lock.readLock();
            try {
                AreaRecord[] s = st.slots;
                capacity += s.length;
                int mask = s.length - 1;
                for (int i = 0; i < s.length; i++) {
                    AreaRecord r = s[i];
                    if (r != null) {
                        areas++;
                        int home = (int) AreaStripe.hash(r.area, seed) & mask;
                        long probe = ((i - home) & mask) + 1;
                        probeSum += probe;
                        maxProbe = Math.max(maxProbe, probe);
                        maxPerArea = Math.max(maxPerArea, r.entries);
                    }
                }
            } finally {
                st.lock.unlockRead(stamp);
            }
        }
        return new TableStats(entries.sum(), capacity, resizes.get(), job != null,
                areas == 0 ? 0 : (double) probeSum / areas, maxProbe,
                java.util.Map.of("areas", areas, "stripes", (long) stripes.length,
                        "maxFramesPerArea", maxPerArea, "spilledCounts", spill.size()));
    }

    /**
     * The kernel-layout walk: the stripe header (lock and array pointer), then the directory slot
     * (dependent), then the record header and its bitmap word (dependent), then the count byte,
     * whose address depends on the bitmap's rank (dependent); a spilled count adds the spill
     * lookup. Areas without a record stop after the directory probe.
     */
    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        Frames.check(frame);
        long area = frame >>> 9;
        int offset = (int) frame & 511;
        long h = AreaStripe.hash(area, seed);
        int stripeIndex = stripeShift == 64 ? 0 : (int) (h >>> stripeShift);
        AreaStripe st = stripes[stripeIndex];
        trace.load(TRACE_STRIPES + 64L * stripeIndex, 16);
        long stamp = st.lock.readLock();
        try {
            AreaRecord[] s = st.slots;
            int mask = s.length - 1;
            long slotsBase = TRACE_SLOTS + ((long) stripeIndex << 36);
            AreaRecord found = null;
            int i = (int) h & mask;
            trace.load(slotsBase + 8L * i, 8);
            for (int n = 0; n < s.length && s[i] != null; n++, i = (i + 1) & mask) {
                trace.touch(slotsBase + 8L * i, 8);
                if (s[i].area == area) {
                    found = s[i];
                    break;
                }
                trace.load(TRACE_RECORDS + (s[i].area << 12), 8); // comparing the key reads the record
            }
            if (found == null) {
                return;
            }
            long rec = TRACE_RECORDS + (area << 12);
            trace.load(rec, 8);
            trace.touch(rec + AreaRecord.MODELED_HEADER + 8L * (offset >>> 6), 8);
            int rank;
            int count;
            int entriesInArea;
            boolean present;
            for (;;) { // a validated sequence read: tracing changes nothing, not even the lock word
                int begin = found.beginRead();
                present = !found.dead && AreaRecord.has(found.bitmap, offset);
                rank = AreaRecord.rank(found.bitmap, offset);
                byte[] counts = found.counts;
                count = present && rank < counts.length ? counts[rank] & 0xFF : 0;
                entriesInArea = found.entries;
                if (found.validate(begin)) {
                    break;
                }
                Thread.onSpinWait();
            }
            long bytes = rec + AreaRecord.MODELED_HEADER + AreaRecord.BITMAP_BYTES;
            if (present) {
                trace.load(bytes + rank, 1);
                if (count == AreaRecord.SPILLED) {
                    trace.load(TRACE_SPILL + ((frame & 0xFFFF) << 6), 8);
                    trace.load(TRACE_SPILL + (1L << 40) + (frame << 6), 32);
                }
            } else if (op == Op.INCREMENT) {
                trace.touch(bytes + rank, Math.max(1, entriesInArea - rank + 1)); // bytes shifted up by the insert
            }
        } finally {
            st.lock.unlockRead(stamp);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
