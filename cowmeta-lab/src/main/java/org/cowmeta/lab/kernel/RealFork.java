package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.nio.file.Path;
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
 * VMAs, which this one has not: the figure is the anonymous memory's share of a real fork.
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
}
