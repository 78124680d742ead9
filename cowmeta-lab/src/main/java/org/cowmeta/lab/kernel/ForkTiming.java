package org.cowmeta.lab.kernel;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.FaultRecord;
import org.cowmeta.vm.system.ForkStrategy;
import org.cowmeta.vm.system.MemorySystem;
import org.cowmeta.vm.system.OutOfFramesException;

/**
 * Measures fork time by strategy at several populated address-space sizes in one run (tagged
 * mode): for each size, one parent with every page written, then {@code reps} forks per strategy,
 * interleaved, each child exited before the next fork. Prints the median and range of fork times
 * (wall clock), the median CPU time of the forking thread (what the fork cost even when a busy
 * machine deschedules the thread),
 * its ratio to the first strategy measured in the same run, the median time of the child's exit,
 * and the fork's refcount work. Every strategy first forks a 256 MiB parent 30 times so that
 * the measured forks run compiled code. A quick look (wall time, few repetitions), not the
 * lab's rigorous measurement.
 *
 * <pre>java -cp ... org.cowmeta.lab.kernel.ForkTiming [table] [sizes MiB, comma-separated] [strategies] [reps]</pre>
 * Defaults: {@code dense 64,1024,16384 morsel,linux 5}.
 */
public final class ForkTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ForkTiming() {}

    public static void main(String[] args) throws OutOfFramesException {
        String table = args.length > 0 ? args[0] : "dense";
        long[] sizesMiB;
        List<ForkStrategy> strategies = new ArrayList<>();
        int reps;
        try {
            sizesMiB = Arrays.stream((args.length > 1 ? args[1] : "64,1024,16384").split(",")).mapToLong(Long::parseLong).toArray();
            for (String s : (args.length > 2 ? args[2] : "morsel,linux").split(",")) {
                strategies.add(ForkStrategies.byName(s));
            }
            reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
            TableRegistry.get(table);
            if (reps < 1 || Arrays.stream(sizesMiB).anyMatch(s -> s < 2 || s > (1L << 20))) {
                throw new IllegalArgumentException("sizes must be 2 MiB to 1 TiB and reps at least 1");
            }
        } catch (RuntimeException e) {
            System.err.println("fork-timing: " + e.getMessage());
            System.exit(2);
            return;
        }
        warmUp(table, strategies);
        System.out.printf(Locale.ROOT, "%-10s %-8s %12s %12s %12s %12s %12s %8s %12s  %s%n", "populated", "strategy", "median ms",
                "min ms", "max ms", "cpu ms", "cpu min ms", "cpu ratio", "exit ms", "refcount work of one fork");
        for (long mib : sizesMiB) {
            long pages = mib << 8;
            long frames = Long.highestOneBit(pages * 2 + (1 << 16)) << 1;
            LLFreeAllocator allocator = new LLFreeAllocator(frames, 2);
            try (RefCountTable refs = TableRegistry.create(table, TableConfig.of(frames).withExpectedEntries(pages));
                 MemorySystem sys = MemorySystem.create(allocator, refs, ContentMode.TAGGED)) {
                AddressSpace parent = sys.newAddressSpace();
                parent.map(0, mib << 20);
                for (long p = 0; p < pages; p++) {
                    parent.write(p << PAGE_SHIFT, p + 1);
                }
                long[][] nanos = new long[strategies.size()][reps];
                long[][] exits = new long[strategies.size()][reps];
                long[][] cpu = new long[strategies.size()][reps];
                FaultRecord[] work = new FaultRecord[strategies.size()];
                for (int r = 0; r < reps; r++) {
                    for (int s = 0; s < strategies.size(); s++) {
                        FaultRecord before = parent.counters().snapshot();
                        long c0 = THREADS.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        AddressSpace child = parent.fork(strategies.get(s));
                        nanos[s][r] = System.nanoTime() - t0;
                        cpu[s][r] = THREADS.getCurrentThreadCpuTime() - c0;
                        work[s] = parent.counters().snapshot().since(before);
                        t0 = System.nanoTime();
                        child.close();
                        exits[s][r] = System.nanoTime() - t0;
                    }
                }
                double base = median(cpu[0]);
                for (int s = 0; s < strategies.size(); s++) {
                    long[] n = nanos[s].clone();
                    Arrays.sort(n);
                    FaultRecord w = work[s];
                    System.out.printf(Locale.ROOT, "%-10s %-8s %12.3f %12.3f %12.3f %12.3f %12.3f %8.1f %12.3f  increments %d in %d batches, %d tables allocated%n",
                            mib >= 1024 ? (mib / 1024) + " GiB" : mib + " MiB", strategies.get(s).name(),
                            median(nanos[s]) / 1e6, n[0] / 1e6, n[n.length - 1] / 1e6, median(cpu[s]) / 1e6,
                            Arrays.stream(cpu[s]).min().getAsLong() / 1e6, median(cpu[s]) / base,
                            median(exits[s]) / 1e6,
                            w.increments() + w.incrementAllFrames(), w.incrementAllCalls(), w.framesAllocated());
                }
            }
        }
    }

    /**
     * Forks a 256 MiB parent 30 times per strategy so that the measured forks run fully
     * optimised code (with a shorter warm-up the first sizes measured ran several times slower
     * per page than the later ones).
     */
    private static void warmUp(String table, List<ForkStrategy> strategies) throws OutOfFramesException {
        long frames = 1 << 17;
        try (RefCountTable refs = TableRegistry.create(table, TableConfig.of(frames));
             MemorySystem sys = MemorySystem.create(new LLFreeAllocator(frames, 2), refs, ContentMode.TAGGED)) {
            AddressSpace parent = sys.newAddressSpace();
            parent.map(0, 256 << 20);
            for (long p = 0; p < (256 << 8); p++) {
                parent.write(p << PAGE_SHIFT, p);
            }
            for (int i = 0; i < 30; i++) {
                for (ForkStrategy s : strategies) {
                    AddressSpace child = parent.fork(s);
                    child.write((long) i << PAGE_SHIFT, i);
                    child.close();
                }
            }
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
