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
            "AnonHugePages / Rss of the region (smaps)");

    private final String id;
    private final String mode;
    private final String helperKey;
    private final String label;
    private final String kernel;

    KernelFigure(String id, String mode, String helperKey, String label, String kernel) {
        this.id = id;
        this.mode = mode;
        this.helperKey = helperKey;
        this.label = label;
        this.kernel = kernel;
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

    /** "ns", or "" for a share. */
    public String unit() {
        return this == THP_FRACTION ? "" : "ns";
    }

    public static Optional<KernelFigure> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
