package org.cowmeta.vm.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a capture shows about physical sharing: the host's frames, how many are mapped and how
 * many are counted (map count >= 2), and for each captured fork pair (a child whose parent was
 * captured too) how many virtual pages still share their frame, how many were copied on write
 * since the fork, and how the shared frames cluster in 2 MiB physical areas (512 frames): the
 * locality a table keyed by frame number can exploit.
 */
public record SharingSummary(long hostFrames, long mappedFrames, long countedFrames, int processes, long pages,
                             List<Pair> pairs) {

    /** One parent and child. {@code shared}: same vpn, same frame; {@code broken}: same vpn, another frame. */
    public record Pair(int parent, int child, long shared, long broken, long sharedFrames, long sharedAreas,
                       long parentOnly, long childOnly) {

        /** Shared frames per 2 MiB physical area that holds any. */
        public double sharedPerArea() {
            return sharedAreas == 0 ? 0 : (double) sharedFrames / sharedAreas;
        }

        /** Of the pages both map, the share whose frames now differ. */
        public double brokenShare() {
            long both = shared + broken;
            return both == 0 ? 0 : (double) broken / both;
        }
    }

    public static SharingSummary of(Capture c) {
        long pages = 0;
        for (CapturedProcess p : c.processes()) {
            pages += p.pages();
        }
        List<Pair> pairs = new ArrayList<>();
        for (CapturedProcess child : c.processes()) {
            c.parentOf(child).ifPresent(parent -> pairs.add(pair(parent, child)));
        }
        return new SharingSummary(c.frames(), c.countFrames().length, c.countedFrames(), c.processes().size(), pages,
                List.copyOf(pairs));
    }

    static Pair pair(CapturedProcess parent, CapturedProcess child) {
        long[] sharedFrames = new long[Math.min(parent.pages(), child.pages())];
        int n = 0;
        long shared = 0;
        long broken = 0;
        long parentOnly = 0;
        long childOnly = 0;
        int i = 0;
        int j = 0;
        long[] pv = parent.vpns();
        long[] cv = child.vpns();
        while (i < pv.length || j < cv.length) {
            if (j == cv.length || (i < pv.length && pv[i] < cv[j])) {
                parentOnly++;
                i++;
            } else if (i == pv.length || cv[j] < pv[i]) {
                childOnly++;
                j++;
            } else {
                if (parent.frames()[i] == child.frames()[j]) {
                    shared++;
                    sharedFrames[n++] = parent.frames()[i];
                } else {
                    broken++;
                }
                i++;
                j++;
            }
        }
        long[] f = Arrays.copyOf(sharedFrames, n);
        Arrays.sort(f);
        long distinct = 0;
        long areas = 0;
        for (int k = 0; k < f.length; k++) {
            if (k == 0 || f[k] != f[k - 1]) {
                distinct++;
                if (k == 0 || (f[k] >>> 9) != (f[k - 1] >>> 9)) {
                    areas++;
                }
            }
        }
        return new Pair(parent.pid(), child.pid(), shared, broken, distinct, areas, parentOnly, childOnly);
    }
}
