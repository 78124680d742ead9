package org.cowmeta.lab.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Watches how disturbed a run is. At each checkpoint (the start, the middle and the end of a run)
 * it measures the {@link HardwareUnit} again and reads the CPU accounting of the machine and of
 * this process: between two checkpoints, the CPU time the machine spent beyond what this process
 * and the benchmark forks it waited for spent is other processes' work, and steal time is the
 * hypervisor running other guests on this machine's CPUs. A run is disturbed when the DRAM unit
 * moved more than {@link #DRAM_TOLERANCE} between checkpoints, or others took more than
 * {@link #OTHERS_TOLERANCE} of the CPU capacity, or steal more than {@link #STEAL_TOLERANCE}.
 */
public final class NoiseMonitor {
    public static final double DRAM_TOLERANCE = 0.10;
    public static final double OTHERS_TOLERANCE = 0.10;
    public static final double STEAL_TOLERANCE = 0.05;
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path SELF_STAT = Path.of("/proc/self/stat");

    /** One checkpoint: where in the run, the unit measured there and the CPU counters read (jiffies; -1 when unreadable). */
    public record Checkpoint(String name, HardwareUnit unit, long totalJiffies, long busyJiffies, long stealJiffies,
                             long ownJiffies, String loadAverage) {}

    /** Between two checkpoints: the others' share of the CPU capacity and the steal share (NaN when unknown). */
    public record Interval(String from, String to, double othersShare, double stealShare) {}

    private final HardwareProbe probe;
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    public NoiseMonitor(HardwareProbe probe) {
        this.probe = probe;
    }

    /** Measures the unit and reads the counters; returns the checkpoint. */
    public Checkpoint checkpoint(String name, long seed) {
        long[] before = cpu();
        long ownBefore = own();
        HardwareUnit u = probe.measure(seed);
        // The counters are read around the probe so that its own CPU time is this process's.
        long[] after = cpu();
        long ownAfter = own();
        Checkpoint c = new Checkpoint(name, u, after[0], after[1], after[2], ownAfter < 0 ? -1 : ownAfter,
                loadAverage().orElse(""));
        if (before[0] < 0 || ownBefore < 0) {
            c = new Checkpoint(name, u, -1, -1, -1, -1, c.loadAverage());
        }
        checkpoints.add(c);
        return c;
    }

    public List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** The intervals between consecutive checkpoints. */
    public List<Interval> intervals() {
        List<Interval> out = new ArrayList<>();
        for (int i = 1; i < checkpoints.size(); i++) {
            Checkpoint a = checkpoints.get(i - 1);
            Checkpoint b = checkpoints.get(i);
            double others = Double.NaN;
            double steal = Double.NaN;
            if (a.totalJiffies() >= 0 && b.totalJiffies() >= 0) {
                double total = b.totalJiffies() - a.totalJiffies();
                if (total > 0) {
                    others = Math.max(0, (b.busyJiffies() - a.busyJiffies()) - (b.ownJiffies() - a.ownJiffies())) / total;
                    steal = (b.stealJiffies() - a.stealJiffies()) / total;
                }
            }
            out.add(new Interval(a.name(), b.name(), others, steal));
        }
        return out;
    }

    /** The largest relative move of the DRAM unit between any two checkpoints (0 with fewer than two). */
    public double dramMove() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Checkpoint c : checkpoints) {
            lo = Math.min(lo, c.unit().dramLoadNanos());
            hi = Math.max(hi, c.unit().dramLoadNanos());
        }
        return checkpoints.size() < 2 || lo <= 0 ? 0 : hi / lo - 1;
    }

    /** Sentences saying how the run was disturbed; empty when it was not (by this monitor's measures). */
    public List<String> disturbances() {
        List<String> out = new ArrayList<>();
        double move = dramMove();
        if (move > DRAM_TOLERANCE) {
            StringBuilder b = new StringBuilder();
            for (Checkpoint c : checkpoints) {
                b.append(b.isEmpty() ? "" : ", ").append(c.name()).append(String.format(Locale.ROOT, " %.1f ns", c.unit().dramLoadNanos()));
            }
            out.add(String.format(Locale.ROOT, "The DRAM unit moved by %.0f%% during the run (%s): the memory system's speed "
                    + "changed under the measurements (another tenant of the host, or frequency changes).", 100 * move, b));
        }
        for (Interval i : intervals()) {
            if (i.othersShare() > OTHERS_TOLERANCE) {
                out.add(String.format(Locale.ROOT, "Between %s and %s other processes used %.0f%% of the machine's CPU capacity.",
                        i.from(), i.to(), 100 * i.othersShare()));
            }
            if (i.stealShare() > STEAL_TOLERANCE) {
                out.add(String.format(Locale.ROOT, "Between %s and %s the hypervisor took %.0f%% of the CPU time (steal): other "
                        + "guests ran on this machine's CPUs.", i.from(), i.to(), 100 * i.stealShare()));
            }
        }
        return out;
    }

    /** {total, busy, steal} jiffies of all CPUs from /proc/stat; -1s when unreadable. */
    static long[] cpu() {
        try {
            for (String line : Files.readAllLines(PROC_STAT)) {
                if (line.startsWith("cpu ")) {
                    return parseCpu(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return new long[] {-1, -1, -1};
    }

    /** "cpu user nice system idle iowait irq softirq steal guest guest_nice": guest time is already in user. */
    static long[] parseCpu(String line) {
        String[] f = line.trim().split("\\s+");
        long[] v = new long[8];
        for (int i = 0; i < 8 && i + 1 < f.length; i++) {
            v[i] = Long.parseLong(f[i + 1]);
        }
        long idle = v[3] + v[4];
        long steal = v[7];
        long busy = v[0] + v[1] + v[2] + v[5] + v[6];
        return new long[] {busy + idle + steal, busy, steal};
    }

    /** This process's CPU time plus that of the children it waited for (JMH forks), in jiffies; -1 when unreadable. */
    static long own() {
        try {
            return parseOwn(Files.readString(SELF_STAT));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14-17 of /proc/PID/stat (utime, stime, cutime, cstime), counted after the parenthesised command name. */
    static long parseOwn(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, so f[11]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(f[0] + " " + f[1] + " " + f[2]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
