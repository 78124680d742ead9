package org.cowmeta.tables.compact;

import org.cowmeta.tables.TableConfig;

/**
 * The tuning options of a {@link CompactTable}, read from {@link TableConfig#options()}:
 * <ul>
 *   <li>{@code loadFactor} (0.7): grow (double) when entries pass this share of the slots;
 *       8 B / loadFactor modeled bytes per counted frame when full. Chosen from the traced cost
 *       of a miss at 4M entries (cache lines per random miss / bytes per entry): 0.6: 1.09 /
 *       13.3; 0.7: 1.26 / 11.4; 0.75: 1.47 / 10.7; 0.8: 1.90 / 10.0. Linear probing clusters
 *       overflowing buckets, so past 0.7 misses leave home fast.</li>
 *   <li>{@code inlineBits} (12, 2..12): width of the inline count; larger counts spill.</li>
 *   <li>{@code probeLimit} (64): an insert displaced more buckets than this from its home grows
 *       the table early once it is at least 3/4 of its load factor full: a guard against
 *       clustered hashes (at load 0.8 the longest displacement among 4M entries is ~17 buckets;
 *       misses stay at home through the overflow counts, not through short probes).</li>
 *   <li>{@code automaticShrinking} (true) and {@code shrinkLoad} (0.2): shrink when entries fall
 *       below this share of the slots, to half the load factor.</li>
 *   <li>{@code minBuckets} (4), {@code initialBuckets} (from expectedEntries, else 64).</li>
 *   <li>{@code blockBuckets} (64): buckets a helper migrates per claimed block.</li>
 *   <li>{@code batchWindow} (32): frames whose bucket loads a batch call issues before resolving any.</li>
 *   <li>{@code homeGroupBits} (0, 0..3): frames that agree above their low {@code homeGroupBits}
 *       bits share a home bucket, so a page table's run of adjacent frames touches one line per
 *       2^homeGroupBits frames instead of one per frame; 0 hashes every frame on its own. Measured
 *       on runs of adjacent frames: 512 single increments and decrements of a page table take
 *       less than half the time at 2 or 3, but the batch of the same page table is slower (a
 *       run fills its home bucket and overflows into the next ones), so the default stays 0.</li>
 *   <li>{@code scan} (auto): how a bucket's eight words are compared with a frame, see
 *       {@link BucketScan}: {@code vector}, {@code scalar}, or {@code auto} (vector where the JVM
 *       offers it).</li>
 *   <li>{@code migrator} (background): who migrates a resize's blocks. {@code background}: a
 *       daemon thread ({@link Migrators}), paced as rhashtable's deferred worker is, so the
 *       operations during a resize pay only for looking in two arrays (about 2.8 times faster per
 *       operation during a resize in the lab than the other choice). {@code callers}: the
 *       operations that find a resize in progress take a block each (cooperative, as growt and
 *       Click's map resize), which needs no other thread but puts the migration inside them.
 *       Either way an insert that finds the target out of room migrates until the resize is done.</li>
 *   <li>{@code sizeCheckInterval} (64, a power of two): one insert or removal in this many (by
 *       frame hash) compares the entry count with the resize thresholds; so does every insert
 *       displaced from its home. 1 checks on every one (small tests that must resize).</li>
 * </ul>
 */
record CompactOptions(double loadFactor, int inlineBits, int probeLimit, boolean automaticShrinking,
                      double shrinkLoad, long minBuckets, long initialBuckets, int blockBuckets,
                      int batchWindow, long sizeCheckMask, int homeGroupBits, String scan, boolean backgroundMigration) {

    static CompactOptions from(TableConfig config) {
        double lf = config.doubleOption("loadFactor", 0.7);
        if (!(lf > 0.05 && lf <= 0.95)) {
            throw new IllegalArgumentException("loadFactor must be in (0.05, 0.95], not " + lf);
        }
        int inline = (int) config.longOption("inlineBits", 12);
        int probe = (int) config.longOption("probeLimit", 64);
        if (probe < 0) {
            throw new IllegalArgumentException("probeLimit must not be negative: " + probe);
        }
        double shrink = config.doubleOption("shrinkLoad", 0.2);
        if (!(shrink >= 0 && shrink < lf / 2)) {
            throw new IllegalArgumentException("shrinkLoad must be in [0, loadFactor/2), not " + shrink);
        }
        long min = Math.max(1, config.longOption("minBuckets", 4));
        long expected = config.expectedEntries();
        long initial = config.longOption("initialBuckets",
                expected == 0 ? 64 : (long) Math.ceil(expected / (BucketArray.SLOTS * lf)));
        int block = (int) Math.max(1, config.longOption("blockBuckets", 64));
        int window = (int) config.longOption("batchWindow", 32);
        if (window < 1 || window > 4096) {
            throw new IllegalArgumentException("batchWindow must be 1 to 4096, not " + window);
        }
        long interval = config.longOption("sizeCheckInterval", 64);
        if (interval < 1 || Long.bitCount(interval) != 1) {
            throw new IllegalArgumentException("sizeCheckInterval must be a power of two, not " + interval);
        }
        int group = (int) config.longOption("homeGroupBits", 0);
        if (group < 0 || group > 3) {
            throw new IllegalArgumentException("homeGroupBits must be 0 to 3, not " + group);
        }
        String migrator = config.option("migrator", "background");
        if (!migrator.equals("background") && !migrator.equals("callers")) {
            throw new IllegalArgumentException("migrator must be background or callers, not " + migrator);
        }
        return new CompactOptions(lf, inline, probe, config.booleanOption("automaticShrinking", true),
                shrink, min, Math.max(min, initial), block, window, interval - 1, group,
                config.option("scan", System.getProperty("cowmeta.compact.scan", "auto")), migrator.equals("background"));
    }
}
