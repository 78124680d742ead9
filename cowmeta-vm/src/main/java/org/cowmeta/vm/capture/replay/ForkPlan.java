package org.cowmeta.vm.capture.replay;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CaptureFlags;
import org.cowmeta.vm.capture.CapturedProcess;

/**
 * How to rebuild a captured fork pair in the simulator and replay its copy-on-write history,
 * derived from the capture alone (independent of table and fork strategy):
 * <ul>
 * <li><b>Before the fork</b> the parent maps every page both processes still share (same vpn,
 * same frame), for every page they map at the same vpn with different frames the <i>original</i>
 * frame, and its own file pages; each at its captured frame number.</li>
 * <li><b>The writer</b> of a page whose frames differ is told first by the child's siblings (other
 * captured children of the same parent): a sibling that still maps the parent's frame shows the
 * parent kept the original, one that maps the child's frame shows the parent copied, and siblings
 * that all map frames of their own show each child copied (a fork pool reading its parent's
 * objects). Without siblings, the writer is the side whose frame lies farther from the frame of
 * the nearest still-shared page: a copy made after the fork comes from wherever the allocator had
 * room, while the original sits among the pages allocated with it before. Ties go to the parent.</li>
 * <li><b>After the fork</b>, in a shuffled order (seeded): each broken page is written by its
 * writer (a COW fault), each anonymous page only one side maps is written by that side (a
 * first-touch fault). File pages only the child maps were read, which costs no count: skipped.</li>
 * <li><b>Frames the kernel does not count</b>: a frame without a map count (no K line) that one
 * process maps at several addresses is the shared zero page, which a read of untouched anonymous
 * memory installs anywhere (mm/memory.c {@code do_anonymous_page}) and which fork and unmap never
 * count ({@code vm_normal_page} returns NULL for it: no reference, no rmap). It holds no data and
 * no count, so it is left demand-zero: nothing is placed for it before the fork, and a side that
 * maps a frame of its own where the other still maps the zero page wrote it after the fork, a
 * first-touch fault (the kernel's {@code wp_page_copy} of the zero page allocates a zeroed page
 * and copies nothing). Placed as a page, the zero page's second mapping could not be (the one
 * unplaced page of a 1 GB Redis BGSAVE capture).</li>
 * <li><b>The rest of the host</b>: frames the kernel counted (map count >= 2) that neither process
 * maps are loaded into the table as they were, and frames both map keep the references the rest of
 * the host holds on them (kpagecount minus the captured mappings), so that the table is as full as
 * the real host's would be and a write to a page shared with other processes copies.</li>
 * </ul>
 */
public record ForkPlan(Pair pair, long hostFrames, Pages preFork, Regions regions, Writes writes, Sharing sharing,
                       FrameCounts externalRefs, FrameCounts background, Skipped skipped) {

    /** The captured parent and child. */
    public record Pair(int parentPid, int childPid) {}

    /** The parent's pages before the fork: {@code frames[k]} is mapped at page number {@code vpns[k]}. */
    public record Pages(long[] vpns, long[] frames) {
        public int size() {
            return vpns.length;
        }
    }

    /** The runs of consecutive pages mapped in the parent before the fork: [starts[k], ends[k]) in page numbers. */
    public record Regions(long[] starts, long[] ends) {
        public int size() {
            return starts.length;
        }
    }

    /**
     * The writes after the fork, in replay order: the page number, whether the child writes it
     * (else the parent), and whether it is a copy-on-write fault (else a first touch).
     */
    public record Writes(long[] vpns, boolean[] byChild, boolean[] isCow) {
        public int size() {
            return vpns.length;
        }

        public long countByChild() {
            return count(byChild);
        }

        /** The copy-on-write writes: one for every page the capture shows copied. */
        public long countCow() {
            return count(isCow);
        }

        private static long count(boolean[] flags) {
            long n = 0;
            for (boolean b : flags) {
                if (b) {
                    n++;
                }
            }
            return n;
        }
    }

    /** What the replay must reproduce: the pages still shared after it, and the pages it must have broken. */
    public record Sharing(long[] sharedVpns, long[] brokenVpns) {}

    /** Frames with a number each: references held by the rest of the host, or counts to load. */
    public record FrameCounts(long[] frames, long[] counts) {
        public int size() {
            return frames.length;
        }
    }

    /** What the plan leaves out: file pages only the child maps (read, no count), and mappings of the zero page. */
    public record Skipped(long childFileReads, long zeroPageMappings) {}

    /** The plan for {@code child} and its parent in {@code c}. */
    public static ForkPlan of(Capture c, CapturedProcess parent, CapturedProcess child, long seed) {
        long[] pv = parent.vpns();
        long[] pf = parent.frames();
        long[] cv = child.vpns();
        long[] cf = child.frames();
        LongList preV = new LongList();
        LongList preF = new LongList();
        LongList writeV = new LongList();
        LongList writeSide = new LongList();
        LongList shared = new LongList();
        LongList broken = new LongList();
        long skipped = 0;
        List<CapturedProcess> siblings = c.processes().stream()
                .filter(p -> p.ppid() == parent.pid() && p.pid() != child.pid()).toList();
        long[] zero = zeroPageFrames(c.countFrames(), parent, child);
        long zeroPage = 0;
        long[] sharedV = sharedVpns(parent, child, zero);
        long[] sharedF = new long[sharedV.length];
        for (int k = 0, i = 0; k < sharedV.length; k++) {
            while (pv[i] != sharedV[k]) {
                i++;
            }
            sharedF[k] = pf[i];
        }
        int i = 0;
        int j = 0;
        while (i < pv.length || j < cv.length) {
            boolean parentZero = i < pv.length && Arrays.binarySearch(zero, pf[i]) >= 0;
            boolean childZero = j < cv.length && Arrays.binarySearch(zero, cf[j]) >= 0;
            if (j == cv.length || (i < pv.length && pv[i] < cv[j])) {
                if (parentZero) {
                    zeroPage++;
                } else if ((parent.flags()[i] & CaptureFlags.FILE_OR_SHARED) != 0) {
                    preV.add(pv[i]);
                    preF.add(pf[i]);
                } else {
                    writeV.add(pv[i]);
                    writeSide.add(0);
                }
                i++;
            } else if (i == pv.length || cv[j] < pv[i]) {
                if (childZero) {
                    zeroPage++;
                } else if ((child.flags()[j] & CaptureFlags.FILE_OR_SHARED) != 0) {
                    skipped++;
                } else {
                    writeV.add(cv[j]);
                    writeSide.add(1);
                }
                j++;
            } else {
                long vpn = pv[i];
                if (parentZero || childZero) {
                    // Still the zero page on both sides, or one side wrote it after the fork: a first touch.
                    zeroPage += (parentZero ? 1 : 0) + (childZero ? 1 : 0);
                    if (parentZero != childZero) {
                        writeV.add(vpn);
                        writeSide.add(parentZero ? 1 : 0);
                    }
                } else if (pf[i] == cf[j]) {
                    preV.add(vpn);
                    preF.add(pf[i]);
                    shared.add(vpn);
                } else {
                    int bySiblings = writerBySiblings(siblings, vpn, pf[i], cf[j]);
                    long near = nearestSharedFrame(sharedV, sharedF, vpn);
                    boolean childWrote = bySiblings != 0 ? bySiblings > 0
                            : near >= 0 && Math.abs(cf[j] - near) > Math.abs(pf[i] - near);
                    preV.add(vpn);
                    preF.add(childWrote ? pf[i] : cf[j]);
                    writeV.add(vpn);
                    writeSide.add((childWrote ? 1 : 0) | 2);
                    broken.add(vpn);
                }
                i++;
                j++;
            }
        }
        // Shuffle the writes (the capture does not say in which order they happened).
        long[] wv = writeV.toArray();
        long[] ws = writeSide.toArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = wv.length - 1; k > 0; k--) {
            int r = rnd.nextInt(k + 1);
            long t = wv[k];
            wv[k] = wv[r];
            wv[r] = t;
            t = ws[k];
            ws[k] = ws[r];
            ws[r] = t;
        }
        boolean[] byChild = new boolean[ws.length];
        boolean[] cow = new boolean[ws.length];
        for (int k = 0; k < ws.length; k++) {
            byChild[k] = (ws[k] & 1) != 0;
            cow[k] = (ws[k] & 2) != 0;
        }
        long[] preFrames = preF.toArray();
        FrameCounts[] outside = outsideReferences(c, preFrames, parent, child);
        return new ForkPlan(new Pair(parent.pid(), child.pid()), c.frames(), new Pages(preV.toArray(), preFrames), regions(pv, cv),
                new Writes(wv, byChild, cow), new Sharing(shared.toArray(), broken.toArray()), outside[0], outside[1],
                new Skipped(skipped, zeroPage));
    }

    /**
     * The frames that map as the shared zero page, sorted: frames without a map count (no K line)
     * that one process maps at two or more addresses. An uncounted frame mapped once is more likely
     * a page allocated after the K lines were read (the host keeps running during a capture); it
     * is placed as any other page.
     */
    static long[] zeroPageFrames(long[] countFrames, CapturedProcess parent, CapturedProcess child) {
        LongList out = new LongList();
        for (CapturedProcess p : List.of(parent, child)) {
            LongList uncounted = new LongList();
            for (long f : p.frames()) {
                if (Arrays.binarySearch(countFrames, f) < 0) {
                    uncounted.add(f);
                }
            }
            long[] u = uncounted.toArray();
            Arrays.sort(u);
            for (int k = 1; k < u.length; k++) {
                if (u[k] == u[k - 1]) {
                    out.add(u[k]);
                }
            }
        }
        return Arrays.stream(out.toArray()).sorted().distinct().toArray();
    }

    private static long[] sharedVpns(CapturedProcess parent, CapturedProcess child, long[] zero) {
        LongList out = new LongList();
        long[] pv = parent.vpns();
        long[] cv = child.vpns();
        for (int i = 0, j = 0; i < pv.length && j < cv.length; ) {
            if (pv[i] < cv[j]) {
                i++;
            } else if (cv[j] < pv[i]) {
                j++;
            } else {
                if (parent.frames()[i] == child.frames()[j] && Arrays.binarySearch(zero, parent.frames()[i]) < 0) {
                    out.add(pv[i]);
                }
                i++;
                j++;
            }
        }
        return out.toArray();
    }

    /**
     * +1 when the siblings show the child copied the page at {@code vpn}, -1 when they show the
     * parent did, 0 when they do not tell (no sibling maps the page).
     */
    static int writerBySiblings(List<CapturedProcess> siblings, long vpn, long parentFrame, long childFrame) {
        boolean any = false;
        for (CapturedProcess s : siblings) {
            long f = s.frameAt(vpn);
            if (f < 0) {
                continue;
            }
            any = true;
            if (f == parentFrame) {
                return 1;
            }
            if (f == childFrame) {
                return -1;
            }
        }
        return any ? 1 : 0;
    }

    /** The frame of the still-shared page nearest to {@code vpn} (by virtual distance), or -1. */
    static long nearestSharedFrame(long[] sharedV, long[] sharedF, long vpn) {
        if (sharedV.length == 0) {
            return -1;
        }
        int k = Arrays.binarySearch(sharedV, vpn);
        if (k >= 0) {
            return sharedF[k];
        }
        int after = -k - 1;
        int before = after - 1;
        if (before < 0) {
            return sharedF[after];
        }
        if (after >= sharedV.length) {
            return sharedF[before];
        }
        return vpn - sharedV[before] <= sharedV[after] - vpn ? sharedF[before] : sharedF[after];
    }

    /** Runs of consecutive pages over both processes: the regions mapped in the parent before the fork. */
    static Regions regions(long[] pv, long[] cv) {
        long[] all = new long[pv.length + cv.length];
        System.arraycopy(pv, 0, all, 0, pv.length);
        System.arraycopy(cv, 0, all, pv.length, cv.length);
        Arrays.sort(all);
        LongList starts = new LongList();
        LongList ends = new LongList();
        for (int k = 0; k < all.length; ) {
            long start = all[k];
            long end = start + 1;
            while (k < all.length && all[k] <= end) {
                end = Math.max(end, all[k] + 1);
                k++;
            }
            starts.add(start);
            ends.add(end);
        }
        return new Regions(starts.toArray(), ends.toArray());
    }

    /**
     * References the rest of the host holds: for frames the parent maps before the fork, the
     * captured map count minus the captured mappings; and every other counted frame of the host
     * with its count. Returns the two, in that order.
     */
    static FrameCounts[] outsideReferences(Capture c, long[] preForkFrames, CapturedProcess parent, CapturedProcess child) {
        long[] mapped = new long[parent.pages() + child.pages()];
        System.arraycopy(parent.frames(), 0, mapped, 0, parent.pages());
        System.arraycopy(child.frames(), 0, mapped, parent.pages(), child.pages());
        Arrays.sort(mapped);
        long[] placed = preForkFrames.clone();
        Arrays.sort(placed);
        LongList extF = new LongList();
        LongList extR = new LongList();
        LongList bgF = new LongList();
        LongList bgC = new LongList();
        long[] kf = c.countFrames();
        long[] kc = c.counts();
        for (int k = 0; k < kf.length; k++) {
            long f = kf[k];
            int from = lowerBound(mapped, f);
            int to = lowerBound(mapped, f + 1);
            long captured = to - from;
            if (captured == 0) {
                if (kc[k] >= 2) {
                    bgF.add(f);
                    bgC.add(kc[k]);
                }
            } else if (kc[k] > captured && Arrays.binarySearch(placed, f) >= 0) {
                extF.add(f);
                extR.add(kc[k] - captured);
            }
        }
        return new FrameCounts[] {new FrameCounts(extF.toArray(), extR.toArray()), new FrameCounts(bgF.toArray(), bgC.toArray())};
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A growable long[] (planning is not a hot path, but captures have millions of pages). */
    private static final class LongList {
        private long[] a = new long[64];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
