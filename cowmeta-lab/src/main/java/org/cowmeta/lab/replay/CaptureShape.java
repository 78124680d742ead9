package org.cowmeta.lab.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cowmeta.lab.kernel.ForkShape;
import org.cowmeta.vm.capture.CapturedProcess;

/**
 * A captured parent's mapping shape at its fork, for the real fork of a process like it
 * ({@link org.cowmeta.lab.kernel.RealFork#shaped}). The capture records present pages with their
 * flags, not VMAs, so the regions are inferred: a region is a run of the pages present before the
 * fork of one kind (file or shared page, flag bit 0, against anonymous) and one writability (flag
 * bit 2), across holes of up to {@value #GAP} pages (one page table's span: a VMA is usually
 * populated in part); a longer hole or a change of kind or writability starts another. Inferred
 * so, a library's text is a file region and its written data an anonymous one, as the kernel's
 * fork sees them (it copies no PTE of a file VMA without anonymous pages); what it cannot see are
 * VMAs the capture shows no page of, and a file VMA whose COW copies make it one VMA with its
 * file pages in the real process (two regions here).
 */
final class CaptureShape {
    static final long GAP = 512;

    private CaptureShape() {}

    /** The shape of {@code parent}'s pages at {@code vpns} (the pages present before the fork); flags from the parent, else the child. */
    static ForkShape of(long[] vpns, CapturedProcess parent, CapturedProcess child) {
        long[] v = vpns.clone();
        Arrays.sort(v);
        List<ForkShape.Region> regions = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= v.length; k++) {
            if (k == v.length || v[k] - v[k - 1] > GAP || kind(v[k], parent, child) != kind(v[start], parent, child)) {
                regions.add(region(v, start, k, kind(v[start], parent, child)));
                start = k;
            }
        }
        return new ForkShape(v.length == 0 ? List.of() : regions);
    }

    /** The region of {@code v[from..to)}, all of {@code kind}: its span and its runs of consecutive pages. */
    private static ForkShape.Region region(long[] v, int from, int to, int kind) {
        List<long[]> runs = new ArrayList<>();
        int s = from;
        for (int k = from + 1; k <= to; k++) {
            if (k == to || v[k] != v[k - 1] + 1) {
                runs.add(new long[] {v[s] - v[from], k - s});
                s = k;
            }
        }
        return new ForkShape.Region(v[to - 1] - v[from] + 1, (kind & 1) != 0, (kind & 4) != 0,
                runs.stream().mapToLong(r -> r[0]).toArray(), runs.stream().mapToLong(r -> r[1]).toArray());
    }

    /** Bits 0 (file) and 2 (writable) of the page's flags. */
    private static int kind(long vpn, CapturedProcess parent, CapturedProcess child) {
        return flags(vpn, parent, child) & 5;
    }

    private static int flags(long vpn, CapturedProcess parent, CapturedProcess child) {
        int i = Arrays.binarySearch(parent.vpns(), vpn);
        if (i >= 0) {
            return parent.flags()[i];
        }
        int j = Arrays.binarySearch(child.vpns(), vpn);
        return j >= 0 ? child.flags()[j] : 4; // not in the capture's flags: a writable anonymous page
    }
}
