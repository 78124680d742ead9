package org.cowmeta.lab.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.cowmeta.lab.kernel.Calibration;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelFigure;
import org.cowmeta.lab.kernel.KernelProbe;
import org.cowmeta.lab.kernel.MachineKey;
import org.cowmeta.lab.kernel.NoCompilerException;
import org.cowmeta.lab.kernel.ThpFaults;
import org.cowmeta.lab.stats.Interval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measures this host's real kernel (fork, COW and reuse faults, first touch, exit, a page copy) and caches it for evaluate. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measures this host's real kernel with a small C helper compiled by the system's cc: fork per populated "
                + "page (4 KiB pages and THP), COW write fault and reuse fault (4 KiB pages, and THP per 4 KiB page written and "
                + "per 2 MiB huge page), first-touch fault, exit and munmap per page and a 4 KiB copy, each the median over rounds with its 95%% interval; caches them per machine and kernel for evaluate.")
final class CalibrateCommand implements Callable<Integer> {
    static final long MAX_MIB = 8192;

    @Option(names = "--mib", paramLabel = "MIB", description = "Anonymous memory populated per run, in MiB (default: ${DEFAULT-VALUE}).")
    long mib = KernelProbe.DEFAULT_MIB;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds; six are the fewest whose interval reaches 95%% (default: ${DEFAULT-VALUE}).")
    int rounds = KernelProbe.DEFAULT_ROUNDS;

    @Override
    public Integer call() throws Exception {
        if (mib < 2 || mib > MAX_MIB) {
            throw new UsageException("--mib must be between 2 and " + MAX_MIB + ", not " + mib);
        }
        if (rounds < 1 || rounds > 1000) {
            throw new UsageException("--rounds must be between 1 and 1000, not " + rounds);
        }
        KernelCosts c;
        try {
            c = Calibration.measure(mib, rounds, System.err);
        } catch (NoCompilerException e) {
            throw new UsageException(e.getMessage());
        }
        System.out.print(text(c));
        System.err.println("cowmeta: calibrate: stored in " + Calibration.file(MachineKey.current())
                + " (evaluate reuses it on this machine and kernel; --kernel-costs projects another run onto it)");
        return 0;
    }

    /** One line per figure: what it is, median [95% interval] and its unit. */
    static String text(KernelCosts c) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Real kernel of %s, %d MiB, %d rounds: median [95%% interval] (its coverage)%n", c.machine(), c.mib(), c.rounds()));
        int width = c.figures().keySet().stream().mapToInt(f -> f.label().length()).max().orElse(0);
        for (KernelFigure f : KernelFigure.values()) {
            Interval iv = c.figures().get(f);
            if (iv == null) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "  %-" + width + "s %s [%s, %s] %s (%.1f%%)%n", f.label(), num(iv.estimate()), num(iv.low()),
                    num(iv.high()), f.unit(), 100 * iv.confidence()));
        }
        String thp = ThpFaults.describe(estimate(c, KernelFigure.COW_FAULTS_THP), estimate(c, KernelFigure.REUSE_FAULTS_THP));
        if (!thp.isEmpty()) {
            s.append(thp).append(System.lineSeparator());
        }
        c.notes().forEach(n -> s.append(n).append(System.lineSeparator()));
        return s.toString();
    }

    private static double estimate(KernelCosts c, KernelFigure f) {
        return c.figure(f).map(Interval::estimate).orElse(Double.NaN);
    }

    /** Whole nanoseconds from 100 on, three significant digits below. */
    static String num(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
