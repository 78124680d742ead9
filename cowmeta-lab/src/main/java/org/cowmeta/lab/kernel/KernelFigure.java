package org.cowmeta.lab.kernel;

import java.util.Arrays;
import java.util.Optional;

/**
 * The figures {@link KernelProbe} measures on the real kernel, each the median over rounds of a
 * batch over every page of the region: the name results and cost files use, the helper's line
 * it comes from (and in which page-size mode), and what it times in the kernel.
 */
public enum KernelFigure {
    FORK_PER_PAGE("forkPerPage", "base", "fork", "fork, per populated 4 KiB page",
            "dup_mmap / copy_page_range: copy and write-protect each PTE, take a reference and a mapcount"),
    COW_FAULT("cowFault", "base", "cow", "COW write fault, per page",
            "do_wp_page / wp_page_copy: trap, allocate, copy 4 KiB, map, drop the shared page's reference"),
    REUSE_FAULT("reuseFault", "base", "reuse", "reuse fault (write-protected, exclusive), per page",
            "do_wp_page / wp_page_reuse: trap, find the page exclusive, make the PTE writable"),
    FIRST_TOUCH("firstTouch", "base", "first_touch", "first-touch fault, per page",
            "do_anonymous_page: trap, allocate, zero 4 KiB, map"),
    EXIT_PER_PAGE("exitPerPage", "base", "exit", "exit of a child, per page it copied",
            "exit_mmap / zap_pte_range: unmap and free each private page"),
    MUNMAP_PER_PAGE("munmapPerPage", "base", "munmap", "munmap, per populated page",
            "zap_pte_range: unmap and free each page"),
    COPY_4K("copy4k", "base", "copy", "4 KiB copy, source and destination beyond the caches",
            "the copy inside wp_page_copy (copy_mc_user_highpage), in user space"),
    FORK_PER_PAGE_THP("forkPerPageThp", "thp", "fork", "fork with THP, per populated 4 KiB of memory",
            "dup_mmap / copy_huge_pmd: one PMD per 2 MiB"),
    FIRST_TOUCH_THP("firstTouchThp", "thp", "first_touch", "first-touch fault with THP, per 2 MiB page",
            "do_huge_pmd_anonymous_page: allocate and zero 2 MiB"),
    THP_FRACTION("thpFraction", "thp", "thp_fraction", "share of the THP region in huge pages",
            "AnonHugePages / Rss of the region (smaps)", ""),
    COW_FAULT_THP("cowFaultThp", "thp", "cow", "COW write fault with THP, per 4 KiB page written",
            "the child writes every 4 KiB page of each huge page once: do_huge_pmd_wp_page on the first write, then whatever "
                    + "that left (cowFaultsThp says which): a 4 KiB do_wp_page / wp_page_copy per page if the PMD was split, "
                    + "nothing if the huge page was copied whole"),
    COW_FAULT_THP_HUGE("cowFaultThpHuge", "thp", "cow_huge", "COW write fault with THP, first write to a 2 MiB huge page",
            "do_huge_pmd_wp_page on a shared huge page: split the PMD and copy the 4 KiB written (Linux 5.8 on), or copy "
                    + "all 2 MiB (before)"),
    COW_FAULTS_THP("cowFaultsThp", "thp", "cow_faults", "faults per 2 MiB huge page as the child writes each 4 KiB of it",
            "minor faults (getrusage): 512 when the PMD was split and each 4 KiB page copied on a fault of its own, 1 when "
                    + "the first fault copied the whole huge page", "faults"),
    REUSE_FAULT_THP("reuseFaultThp", "thp", "reuse", "reuse fault with THP, per 4 KiB page written",
            "the parent writes every 4 KiB page after the child exited: one reuse of the whole huge page if its PMD is made "
                    + "writable whole (reuseFaultsThp says), else a 4 KiB wp_page_reuse per page"),
    REUSE_FAULT_THP_HUGE("reuseFaultThpHuge", "thp", "reuse_huge", "reuse fault with THP, first write to a 2 MiB huge page",
            "do_huge_pmd_wp_page on a huge page exclusive again: the PMD made writable for all 2 MiB, or split where the "
                    + "kernel cannot tell it exclusive"),
    REUSE_FAULTS_THP("reuseFaultsThp", "thp", "reuse_faults", "faults per 2 MiB huge page as the parent writes each 4 KiB of it",
            "minor faults (getrusage): 1 when the huge page was reused whole, 512 when its PMD was split", "faults");

    private final String id;
    private final String mode;
    private final String helperKey;
    private final String label;
    private final String kernel;
    private final String unit;

    KernelFigure(String id, String mode, String helperKey, String label, String kernel) {
        this(id, mode, helperKey, label, kernel, "ns");
    }

    KernelFigure(String id, String mode, String helperKey, String label, String kernel, String unit) {
        this.id = id;
        this.mode = mode;
        this.helperKey = helperKey;
        this.label = label;
        this.kernel = kernel;
        this.unit = unit;
    }

    /** The name in results.json and in a kernel-costs file. */
    public String id() {
        return id;
    }

    /** The helper's page-size mode that measures it: "base" or "thp". */
    String mode() {
        return mode;
    }

    /** The helper's output line. */
    String helperKey() {
        return helperKey;
    }

    public String label() {
        return label;
    }

    /** What it times in the kernel. */
    public String kernel() {
        return kernel;
    }

    /** "ns"; "faults" for a count of faults; "" for a share. */
    public String unit() {
        return unit;
    }

    /** Whether the helper measures it with transparent huge pages. */
    public boolean thp() {
        return mode.equals("thp");
    }

    public static Optional<KernelFigure> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
