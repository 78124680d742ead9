package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.lab.stats.MedianInterval;

/**
 * The real kernel's fork of a process of a given size: the kernel probe's helper
 * ({@link KernelProbe}) forking a process with that many populated anonymous 4 KiB pages
 * (dup_mmap, copy_page_range), so a replayed fork can be set beside the real fork of a process
 * of the same size on this host. Each round's figure is the helper's fork of the empty process
 * plus its fork per page times the pages (the region itself is rounded up to whole MiB); the
 * median over rounds with its 95% interval. A captured process also has file mappings and many
 * VMAs, which this one has not: the figure is the anonymous memory's share of a real fork;
 * {@link #shaped} forks a process of the captured one's mapping shape instead.
 */
public final class RealFork {
    private RealFork() {}

    /** The real fork of a process with {@code pages} populated pages, in ns, over {@code rounds} rounds. */
    public static Interval nanos(long pages, int rounds) throws NoCompilerException, IOException {
        Path binary = ProbeBinary.obtain();
        long mib = Math.max(2, (pages + 255) / 256);
        double[] v = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> out = KernelProbe.runOnce(binary, mib, "base");
            v[r] = out.getOrDefault("fork_fixed", Double.NaN) + out.getOrDefault("fork", Double.NaN) * pages;
        }
        return MedianInterval.of(v, 0.95);
    }

    /**
     * The real fork of a process of {@code shape}, in {@code rounds} runs of the helper: each maps
     * and populates the regions and forks once (the child exits at once), the first fork after
     * the pages were written, as a workload's fork comes. {@code nanos} is the whole fork's time,
     * the median over rounds with its 95% interval; {@code emptyNanos} the median of the same
     * helper's fork with nothing mapped, the part of it that is not the shape's; {@code vmas} the
     * VMAs the shaped process had, its own few (libc, stack) included.
     */
    public record Shaped(Interval nanos, double emptyNanos, long vmas, long anonPages, long filePages, int regions) {}

    public static Shaped shaped(ForkShape shape, int rounds) throws NoCompilerException, IOException {
        Path binary = ProbeBinary.obtain();
        Path dir = Files.createTempDirectory("cowmeta-shape");
        Path file = dir.resolve("shape.txt");
        try {
            shape.write(file);
            double[] fork = new double[rounds];
            double[] empty = new double[rounds];
            Map<String, Double> out = Map.of();
            for (int r = 0; r < rounds; r++) {
                out = KernelProbe.run(List.of(binary.toString(), "shape", file.toString()));
                fork[r] = out.getOrDefault("fork", Double.NaN);
                empty[r] = out.getOrDefault("fork_empty", Double.NaN);
            }
            return new Shaped(MedianInterval.of(fork, 0.95), MedianInterval.of(empty, 0.95).estimate(),
                    Math.round(out.getOrDefault("vmas", -1.0)), Math.round(out.getOrDefault("anon_pages", -1.0)),
                    Math.round(out.getOrDefault("file_pages", -1.0)), shape.regions().size());
        } finally {
            Files.deleteIfExists(dir.resolve("shape.txt.data"));
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
