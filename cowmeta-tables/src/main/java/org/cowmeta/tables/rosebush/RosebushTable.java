package org.cowmeta.tables.rosebush;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableStats;
import org.cowmeta.tables.memory.JvmLayout;

/**
 * Matthew Wilcox's Rosebush v2 ("[PATCH v2 2/5] rosebush: Add new data structure", linux-fsdevel,
 * 25 June 2024) as a refcount table, modeled on the patch text (lib/rosebush.c of v2).
 *
 * <p><b>Layout.</b> Root = resize lock + one word naming the table and its mask (here one volatile
 * reference to an immutable {pointer array, mask}, see {@link PointerTable}); states: empty, two
 * inline initial buckets (one 512-byte allocation), a power-of-two array of bucket pointers where
 * a bucket fills a power-of-two class of entries (indexed by the low hash bits). Bucket =
 * {@code u32 hashes[20]; void *slots[20];} owner, lock, contention: 256 bytes, 4 lines, hashes
 * first. Slots point at {@link Counter} objects {frame, count} (with the rcu_head kfree_rcu needs: kmalloc-32); the 32-bit hash is the
 * caller's: a seeded 64-bit mixer folded to 32 bits ({@link FrameHash}).
 *
 * <p><b>Concurrency.</b> Lookups take no lock: scan the 20 hashes, compare the frame of each
 * candidate's counter, and on a miss re-read the table and rescan if the bucket was replaced.
 * Insert (1 -> 2) and remove (2 -> 1) lock the bucket as the patch does (trylock, else spin and add
 * 10 to its contention counter, -1 per uncontended lock, split past 5000), re-check that the bucket
 * is still current, fill the first free slot (slot pointer, then hash) or write ~hash. Counts above
 * 1 move by lock-free CAS on the counter object. Every single-frame operation is linearizable
 * (argument in {@link Rosebush}); batches lock each bucket once per group ({@link BatchUpdater}).
 *
 * <p><b>Resize</b> ({@link Resizer}), as in the patch: a full bucket splits by the next hash bit into
 * two new buckets (all 20 positions copied by their stored hash's bit, the rest filled with a free
 * marker) and its pointer-array entries are rewritten; a full bucket that fills only one entry
 * first doubles the pointer array by duplicating every pointer (nothing moves); a contended bucket
 * splits the same way; nothing shrinks or merges. Cap: an insert throws {@link IllegalStateException}
 * (table unchanged) when its full bucket holds 20 frames of the very same hash, or when splitting it
 * would need more than 2^maxTableBits pointers. {@link #resizeControl()} adds a paced "double now,
 * then split every bucket in the background" so that operations during a split can be measured;
 * its unit of work for {@code pace} is one bucket split.
 *
 * <p><b>Where Java differs.</b> The tagged word is a reference to an immutable pair; the garbage
 * collector stands in for RCU (replaced buckets and arrays stay alive while a reader holds them);
 * remove also clears the slot pointer so the dead counter can be collected; a bucket has no owner
 * pointer (modeled bytes use the patch's layout); a counter is born with count 0
 * and made live only after its hash is published, since readers trust a count, not an RCU-protected
 * object; counts of present frames change by CAS, not under the bucket lock; v2 has no size hint,
 * so {@code expectedEntries} is ignored.
 *
 * <p><b>Inserting under a lock.</b> A v2 insert may split a bucket or double the pointer array,
 * allocating with GFP_KERNEL (rbh_split_bucket, rbh_grow_table) and freeing with
 * kvfree_rcu_mightsleep, so it may sleep and cannot run under the page-table spinlock that fork
 * and a COW fault hold. A correct caller reserves a slot first (rbh_reserve, before the lock: it
 * may split) and fills it inside the lock (rbh_use). That is the default here (option
 * {@code insert=reserve}): an insert, single or in a batch, visits its bucket twice, once to
 * reserve a position (hash published, slot {@link Rosebush#RESERVED}) and once to fill it.
 * {@code insert=direct} is the one-visit insert a caller without a spinlock could use.
 *
 * <p><b>Layout in this JVM.</b> The lookups read the pointer array straight from the root and the
 * bucket's hashes and slots are its own fields ({@link Bucket}): root → array entry → bucket →
 * counter, the kernel's dependent loads and the trace's.
 */
public final class RosebushTable implements RefCountTable {
    /** Largest pointer array, 2^bits entries; option "maxTableBits" (2..30). */
    public static final int DEFAULT_MAX_TABLE_BITS = 28;

    private final Rosebush bush;
    private final FrameHash hasher;
    private final BatchUpdater batch;
    private final PacedGrowth growth;

    public RosebushTable(TableConfig config) {
        this(config, FrameHash.seeded(config.seed()));
    }

    /** With a chosen hash: for tests that need colliding hashes. */
    RosebushTable(TableConfig config, FrameHash hasher) {
        long bits = config.longOption("maxTableBits", DEFAULT_MAX_TABLE_BITS);
        if (bits < 2 || bits > 30) {
            throw new IllegalArgumentException("maxTableBits must be 2 to 30, not " + bits);
        }
        String insert = config.option("insert", "reserve");
        if (!insert.equals("reserve") && !insert.equals("direct")) {
            throw new IllegalArgumentException("insert must be reserve or direct, not '" + insert + "'");
        }
        this.bush = new Rosebush((int) bits, insert.equals("reserve"));
        this.hasher = hasher;
        this.batch = new BatchUpdater(bush, hasher);
        this.growth = new PacedGrowth(bush);
    }

    @Override
    public long get(long frame) {
        return bush.get(hasher.hash(Frames.check(frame)), frame);
    }

    @Override
    public long increment(long frame) {
        return bush.increment(hasher.hash(Frames.check(frame)), frame);
    }

    @Override
    public long decrement(long frame) {
        return bush.decrement(hasher.hash(Frames.check(frame)), frame);
    }

    @Override
    public void incrementAll(long[] frames, int from, int to) {
        Frames.checkAll(frames, from, to);
        if (to - from == 1) {
            increment(frames[from]);
        } else if (to > from) {
            batch.incrementAll(frames, from, to);
        }
    }

    @Override
    public void decrementAll(long[] frames, int from, int to, LongConsumer released) {
        Frames.checkAll(frames, from, to);
        if (to > from) {
            batch.decrementAll(frames, from, to, released);
        }
    }

    @Override
    public void seed(long frame, long count) {
        Frames.check(frame);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        bush.seed(hasher.hash(frame), frame, count);
    }

    @Override
    public long entries() {
        return bush.entries.sum();
    }

    @Override
    public Footprint footprint() {
        PointerTable t = bush.root;
        long counters = entries();
        long buckets = t == null ? 0 : bush.buckets.get();
        Footprint.Builder f = Footprint.builder()
                .modeled("root", KernelLayout.ROOT_BYTES)
                .modeled("table", KernelLayout.tableBytes(t))
                .modeled("buckets", t == null || t.inline ? 0 : KernelLayout.bucketBytes(buckets))
                .modeled("counters", KernelLayout.counterBytes(counters));
        f.jvm("root", t == null ? 0 : PointerTable.JVM_BYTES)
                .jvm("table", t == null ? 0 : JvmLayout.referenceArray(t.size()))
                .jvm("buckets", buckets * Bucket.JVM_BYTES)
                .jvm("counters", counters * Counter.JVM_BYTES);
        return f.build();
    }

    @Override
    public TableStats stats() {
        PointerTable t = bush.root;
        long distinct = 0;
        long live = 0;
        long probeSum = 0;
        long probeMax = 0;
        if (t != null) {
            for (int j = 0; j <= t.mask; j++) {
                if (j >= t.stride(j)) {
                    continue; // not this bucket's first entry
                }
                distinct++;
                Bucket b = t.at(j);
                for (int i = 0; i < Bucket.ENTRIES; i++) {
                    if (!Bucket.isFree(b.hash(i), j)) {
                        live++;
                        probeSum += i + 1;
                        probeMax = Math.max(probeMax, i + 1);
                    }
                }
            }
        }
        Map<String, Long> extra = new LinkedHashMap<>();
        extra.put("buckets", distinct);
        extra.put("pointerArray", t == null ? 0L : (long) t.size());
        extra.put("splits", bush.splits.get());
        extra.put("contentionSplits", bush.contentionSplits.get());
        extra.put("tableDoublings", bush.doublings.get());
        extra.put("contendedLocks", bush.contendedLocks.get());
        return new TableStats(entries(), distinct * Bucket.ENTRIES, bush.splits.get() + bush.doublings.get(),
                growth.inProgress(), live == 0 ? 0 : (double) probeSum / live, probeMax, extra);
    }

    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        Tracer.trace(bush, op, frame, hasher.hash(Frames.check(frame)), trace);
    }

    @Override
    public Optional<ResizeControl> resizeControl() {
        return Optional.of(growth);
    }

    @Override
    public void close() {
        growth.close();
    }

    // ------------------------------------------------------------------ test hooks

    Rosebush bush() {
        return bush;
    }

    int hashOf(long frame) {
        return hasher.hash(frame);
    }
}
