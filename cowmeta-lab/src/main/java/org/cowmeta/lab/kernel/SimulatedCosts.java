package org.cowmeta.lab.kernel;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.lab.stats.MedianInterval;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.FaultResult;
import org.cowmeta.vm.system.MemorySystem;
import org.cowmeta.vm.system.OutOfFramesException;

/**
 * The kernel probe's protocol on the simulator, so each simulated cost can be set beside the
 * real one: a region written page by page (first touch), forked with the {@code linux} strategy
 * (every page table copied and every page's count incremented, as copy_page_range does), the
 * child writing every page (a COW fault at each leaf: get, copy the page, decrement), the
 * child's exit (decrementing what it held), and the parent writing every page again (a reuse:
 * the entry write-protected, the count 1). Each figure is a batch over the region divided by its
 * pages; the median over rounds with its 95% interval, after warm-up runs that compile the
 * paths (and, in each run, untimed forks and exits before the timed fork, so that the frames the
 * child's page tables take are ones this JVM has touched before). The region is tagged memory (a page copy copies a tag), so the simulator's figures
 * leave out what the kernel pays for the 4 KiB copy or zeroing itself, the trap, the TLB flush,
 * rmap and anon_vma and mapcount: the difference the calibration table shows.
 */
public final class SimulatedCosts {
    /** The figures measured here (a subset of {@link KernelFigure}). */
    public static final List<KernelFigure> FIGURES = List.of(KernelFigure.FIRST_TOUCH, KernelFigure.FORK_PER_PAGE,
            KernelFigure.COW_FAULT, KernelFigure.EXIT_PER_PAGE, KernelFigure.REUSE_FAULT);
    private static final long BASE = 1L << 30;
    /** Enough that every path runs compiled: with 5 the fork per page came out three times the 30-fork figure of {@link ForkTiming}. */
    private static final int WARMUP_RUNS = 30;
    private static final int UNTIMED_FORKS = 2;

    private SimulatedCosts() {}

    /** {@code rounds} runs over {@code mib} MiB with {@code table}'s counts, after warm-up runs at a quarter of it (at most 32 MiB). */
    public static Map<KernelFigure, Interval> measure(String table, long mib, int rounds) throws OutOfFramesException {
        return intervals(measureRounds(table, mib, rounds));
    }

    /** The value of every round of every figure (as {@link #measure}). */
    public static Map<KernelFigure, List<Double>> measureRounds(String table, long mib, int rounds) throws OutOfFramesException {
        for (int i = 0; i < WARMUP_RUNS; i++) {
            once(table, Math.max(2, Math.min(32, mib / 4)));
        }
        Map<KernelFigure, List<Double>> v = new EnumMap<>(KernelFigure.class);
        for (int r = 0; r < rounds; r++) {
            once(table, mib).forEach((f, x) -> v.computeIfAbsent(f, k -> new ArrayList<>()).add(x));
        }
        return v;
    }

    /** Each figure's median over its rounds with its 95% interval. */
    public static Map<KernelFigure, Interval> intervals(Map<KernelFigure, List<Double>> rounds) {
        Map<KernelFigure, Interval> out = new EnumMap<>(KernelFigure.class);
        rounds.forEach((f, x) -> out.put(f, MedianInterval.of(x.stream().mapToDouble(Double::doubleValue).toArray(), 0.95)));
        return out;
    }

    /** One run: ns per page of each figure. */
    static Map<KernelFigure, Double> once(String table, long mib) throws OutOfFramesException {
        long pages = mib << 8;
        long frames = Long.highestOneBit(pages * 2 + pages / 64 + (1 << 15)) << 1;
        Map<KernelFigure, Double> out = new EnumMap<>(KernelFigure.class);
        try (RefCountTable refs = TableRegistry.create(table, TableConfig.of(frames).withExpectedEntries(pages));
             MemorySystem sys = MemorySystem.create(new LLFreeAllocator(frames, 2), refs, ContentMode.TAGGED)) {
            AddressSpace parent = sys.newAddressSpace();
            parent.map(BASE, pages << PAGE_SHIFT);
            out.put(KernelFigure.FIRST_TOUCH, writeAll(parent, pages, 1) / pages);
            // Untimed forks first: the first fork of a fresh machine also pays the JVM's own first
            // touch of the off-heap frames its page tables land in, which is not the simulated cost.
            for (int i = 0; i < UNTIMED_FORKS; i++) {
                parent.fork(ForkStrategies.byName("linux")).close();
            }
            long t0 = System.nanoTime();
            AddressSpace child = parent.fork(ForkStrategies.byName("linux"));
            out.put(KernelFigure.FORK_PER_PAGE, (double) (System.nanoTime() - t0) / pages);
            out.put(KernelFigure.COW_FAULT, writeAll(child, pages, 2) / pages);
            t0 = System.nanoTime();
            child.close();
            out.put(KernelFigure.EXIT_PER_PAGE, (double) (System.nanoTime() - t0) / pages);
            out.put(KernelFigure.REUSE_FAULT, writeAll(parent, pages, 3) / pages);
            parent.close();
        }
        return out;
    }

    private static double writeAll(AddressSpace as, long pages, long value) {
        long t0 = System.nanoTime();
        for (long p = 0; p < pages; p++) {
            FaultResult r = as.write(BASE + (p << PAGE_SHIFT), value + p);
            if (r != FaultResult.OK) {
                throw new IllegalStateException("simulated write of page " + p + ": " + r);
            }
        }
        return System.nanoTime() - t0;
    }
}
