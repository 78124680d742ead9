package org.cowmeta.tables.rosebush;

import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;

/**
 * The memory accesses one Rosebush operation makes, in the kernel layout: root word -> pointer-array
 * entry -> the bucket's hash lines -> each candidate's slot line -> the candidate's counter object.
 * Each arrow is a dependent load; the slot's address is known once the bucket's is (it is read
 * after its hash compares equal), so it is a further line of the same step. Writers add the
 * bucket's lock line and, for an insert, the line of the newly allocated counter. The cost of a
 * split (amortised over many inserts) is not part of a single operation's trace.
 */
final class Tracer {
    private Tracer() {}

    static void trace(Rosebush bush, Op op, long frame, int h, AccessTrace trace) {
        trace.load(KernelLayout.ROOT_TABLE_WORD, 8);
        PointerTable t = bush.root;
        if (t == null) {
            if (op == Op.INCREMENT) {
                trace.touch(KernelLayout.NEW_COUNTER_ADDRESS, KernelLayout.COUNTER_BYTES); // rbh_first + counter
            }
            return;
        }
        if (!t.inline) {
            trace.load(t.modeledAddress + 8L * (h & t.mask), 8);
        }
        Bucket b = t.bucket(h);
        long bucket = KernelLayout.bucketAddress(t, b, h);
        // rbh_next scans the hashes in order and stops at the caller's hit: a hit in positions
        // 0..15 reads the first hash line only; a miss, or a hit beyond, reads both.
        int hit = -1;
        for (int i = 0; i < Bucket.ENTRIES && hit < 0; i++) {
            Counter c = b.hash(i) == h ? b.slot(i) : null;
            if (c != null && c.frame == frame && c.count >= 2) {
                hit = i;
            }
        }
        int scanned = hit < 0 ? Bucket.ENTRIES : hit + 1;
        trace.load(bucket + KernelLayout.HASHES_OFFSET, 4 * scanned);
        long count = 1;
        int firstFree = -1;
        for (int i = 0; i < Bucket.ENTRIES; i++) {
            int stored = b.hash(i);
            if (firstFree < 0 && Bucket.isFree(stored, h)) {
                firstFree = i;
            }
            if (stored != h || count > 1 || i >= scanned) {
                continue;
            }
            trace.touch(bucket + KernelLayout.SLOTS_OFFSET + 8L * i, 8);
            Counter c = b.slot(i);
            if (c != null) {
                trace.load(KernelLayout.counterAddress(c), KernelLayout.COUNTER_BYTES);
                long k = c.count;
                if (c.frame == frame && k >= 2) {
                    count = k;
                }
            }
        }
        boolean locked = (op == Op.INCREMENT && count == 1) || (op == Op.DECREMENT && count == 2);
        if (!locked) {
            return; // GET, a CAS on the counter already loaded, or a decrement of an absent frame
        }
        trace.touch(bucket + KernelLayout.LOCK_OFFSET, 8); // lock and contention counter
        if (op == Op.INCREMENT && firstFree >= 0) {
            trace.touch(bucket + KernelLayout.SLOTS_OFFSET + 8L * firstFree, 8);
            trace.touch(KernelLayout.NEW_COUNTER_ADDRESS, KernelLayout.COUNTER_BYTES);
        }
    }
}
