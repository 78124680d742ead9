package org.cowmeta.tables;

/**
 * Kernel allocation sizes for modeled bytes: what kmalloc, kvmalloc and the page allocator
 * really hand out for a request (x86-64, 4 KiB pages, SLUB's default size classes).
 */
public final class KernelSizes {
    private static final int[] KMALLOC_CLASSES = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
    /** kmalloc serves requests up to two pages from slabs; larger ones go to the page allocator. */
    public static final int KMALLOC_MAX_CACHE_SIZE = 8192;

    private KernelSizes() {}

    /** The bytes kmalloc(size) really occupies. */
    public static long kmalloc(long size) {
        if (size <= 0) {
            return 0;
        }
        for (int c : KMALLOC_CLASSES) {
            if (size <= c) {
                return c;
            }
        }
        return pagesPow2(size);
    }

    /** The largest kmalloc: an order-10 block of pages (MAX_PAGE_ORDER + PAGE_SHIFT). */
    public static final long KMALLOC_MAX_SIZE = 4L << 20;

    /**
     * The bytes kvmalloc(size) occupies (mm/slub.c, __kvmalloc_node): it tries kmalloc first,
     * which up to 8 KiB is a slab class and beyond a power-of-two block of pages
     * (kmalloc_large), and up to KMALLOC_MAX_SIZE that usually succeeds; larger requests go to
     * vmalloc, in whole pages.
     */
    public static long kvmalloc(long size) {
        if (size <= KMALLOC_MAX_SIZE) {
            return kmalloc(size);
        }
        return pages(size);
    }

    /** Rounded up to whole pages (vmalloc). */
    public static long pages(long size) {
        return (size + Frames.PAGE_SIZE - 1) / Frames.PAGE_SIZE * Frames.PAGE_SIZE;
    }

    /** Rounded up to a power-of-two number of pages (the buddy allocator's order). */
    public static long pagesPow2(long size) {
        long p = Frames.PAGE_SIZE;
        while (p < size) {
            p <<= 1;
        }
        return p;
    }
}
