package org.cowmeta.lab.kernel;

import java.util.Locale;

/**
 * What the measured fault counts say this kernel does on a write to a copy-on-write huge page
 * (do_huge_pmd_wp_page): with 512 faults per 2 MiB it split the PMD and every 4 KiB page was a
 * fault of its own; with one it dealt with the whole huge page at its first write (copied it, or
 * for the reuse made the PMD writable). The counts are medians, so a few stray faults (the
 * pipe's, the stack's) do not change the reading.
 */
public final class ThpFaults {
    private ThpFaults() {}

    /** One sentence on the COW fault and the reuse fault on THP, from their faults per 2 MiB huge page (NaN: not measured). */
    public static String describe(double cowFaults, double reuseFaults) {
        StringBuilder s = new StringBuilder();
        if (Double.isFinite(cowFaults)) {
            s.append(String.format(Locale.ROOT, "On THP a COW write took %s per 2 MiB huge page: %s", faults(cowFaults),
                    cowFaults > 256 ? "the kernel split the PMD at the first write and copied each 4 KiB page on a fault of its own "
                            + "(so a COW fault on THP costs per 4 KiB page touched, plus the split)"
                            : "the first write copied the whole 2 MiB huge page (so a COW fault on THP costs per huge page)"));
        }
        if (Double.isFinite(reuseFaults)) {
            s.append(s.isEmpty() ? "On THP a" : "; a");
            s.append(String.format(Locale.ROOT, " reuse write took %s per huge page: %s", faults(reuseFaults),
                    reuseFaults > 256 ? "its PMD was split too, each 4 KiB page reused on a fault of its own"
                            : "the huge page, exclusive again, was made writable whole at the first write (per 2 MiB, not per 4 KiB)"));
        }
        return s.isEmpty() ? "" : s + ".";
    }

    private static String faults(double n) {
        long r = Math.round(n);
        return r == 1 ? "1 fault" : r + " faults";
    }
}
