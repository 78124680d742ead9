package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The mapping shape of a process for {@link RealFork#shaped}: its regions in address order, each
 * anonymous or a private file mapping, writable or not, with the runs of its pages that are
 * present. A region stands for a VMA: the kernel's fork copies the PTEs of one that has
 * anonymous pages (copy_page_range), and of a file mapping without any it copies none (the child
 * faults them in), so the shape, not only the size, sets what a real fork costs.
 */
public record ForkShape(List<Region> regions) {

    /** {@code pages} pages; the present ones are {@code runStarts[k] .. runStarts[k] + runLengths[k] - 1}, offsets in the region. */
    public record Region(long pages, boolean file, boolean writable, long[] runStarts, long[] runLengths) {
        public Region {
            if (pages < 1 || runStarts.length != runLengths.length) {
                throw new IllegalArgumentException("a region of " + pages + " pages with " + runStarts.length + " run starts and "
                        + runLengths.length + " lengths");
            }
        }

        public long present() {
            long n = 0;
            for (long l : runLengths) {
                n += l;
            }
            return n;
        }
    }

    public ForkShape {
        regions = List.copyOf(regions);
    }

    public long anonPages() {
        return regions.stream().filter(r -> !r.file()).mapToLong(Region::present).sum();
    }

    public long filePages() {
        return regions.stream().filter(Region::file).mapToLong(Region::present).sum();
    }

    /** The helper's shape file: "shape REGIONS SPAN FILE_PAGES", then per region its line and its runs. */
    void write(Path file) throws IOException {
        long span = regions.stream().mapToLong(r -> r.pages() + 1).sum();
        long fileMax = regions.stream().filter(Region::file).mapToLong(Region::pages).max().orElse(0);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("shape " + regions.size() + " " + span + " " + fileMax + "\n");
            for (Region r : regions) {
                w.write("region " + r.pages() + " " + (r.file() ? 1 : 0) + " " + (r.writable() ? 1 : 0) + "\n");
                for (int k = 0; k < r.runStarts().length; k++) {
                    w.write("run " + r.runStarts()[k] + " " + r.runLengths()[k] + "\n");
                }
            }
        }
    }
}
