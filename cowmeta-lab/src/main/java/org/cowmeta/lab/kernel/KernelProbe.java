package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.lab.stats.MedianInterval;

/**
 * Measures this host's real kernel on what the simulator models, so that the lab's simulated
 * costs can be set beside the real ones and a table's extra cost projected onto a real fault
 * and a real fork. Each round runs the native helper ({@code kernel-probe.c}, see
 * {@link ProbeBinary}) once with 4 KiB pages ({@code MADV_NOHUGEPAGE}) and once with transparent
 * huge pages ({@code MADV_HUGEPAGE}) over a region of {@code mib} MiB, the order of the two
 * alternating between rounds. One run times, each as a batch over every page of the region:
 * the first touch (do_anonymous_page), a fork of the populated region less the fork of the same
 * process with it empty (dup_mmap, copy_page_range; copy_huge_pmd with THP), the child's write
 * to every page (do_wp_page → wp_page_copy), the child's exit (exit_mmap, zap_pte_range), the
 * parent's write to every page after the child exited (do_wp_page → wp_page_reuse: the PTE is
 * still write-protected, the page exclusive again), munmap, and a 4 KiB memcpy between two
 * regions beyond the caches (the copy inside wp_page_copy). With THP the child's and the parent's
 * writes go first to one 4 KiB page of each huge page, then to the rest, with the faults counted,
 * so that the COW and reuse faults show per 2 MiB huge page and per 4 KiB page touched and what
 * do_huge_pmd_wp_page did ({@link ThpFaults}): split the PMD, copy or reuse the huge page whole.
 * Where THP is unavailable ({@link ThpSupport}) the THP figures are left out with a note. A figure is the median over the
 * rounds with its distribution-free 95% interval ({@link MedianInterval}; six rounds reach 95%).
 *
 * <p>Why a C helper and not {@code fork()} from this JVM through the FFM API: a forked child of
 * a multithreaded process holds only the thread that called fork. The JVM's GC, JIT compiler
 * and signal-handling threads are gone in it, and any lock one of them held (malloc's, the
 * code cache's, a safepoint's) stays held, so the child may deadlock at its first allocation,
 * safepoint or compiled call, and what it times would include whatever the runtime does. The
 * parent's side would be the JVM's own address space (heap, code cache, thread stacks) of
 * unknown, changing size. A small single-threaded C process whose only large mapping is the
 * region measured times exactly the kernel's work on that region.
 */
public final class KernelProbe {
    /**
     * The default region: tens of thousands of pages, so that a fork's fixed cost and the clock
     * are small against each batch, and still a quick run (each round faults every page a few
     * times).
     */
    public static final long DEFAULT_MIB = 256;
    /** The default rounds: the fewest with which the median's distribution-free interval reaches 95%. */
    public static final int DEFAULT_ROUNDS = 6;
    private static final long TIMEOUT_SECONDS = 300;

    private KernelProbe() {}

    /** Runs {@code rounds} rounds over {@code mib} MiB with {@code binary}; progress to {@code log}. */
    public static KernelCosts measure(Path binary, long mib, int rounds, String machine, PrintStream log) throws IOException {
        return measure(binary, mib, rounds, machine, ThpSupport.ENABLED, log);
    }

    /**
     * As {@link #measure(Path, long, int, String, PrintStream)}, reading whether THP is available
     * from {@code thpEnabled}: without it only the 4 KiB run is measured, and a note says why the
     * THP figures are absent; so does one when the THP region came out mostly in 4 KiB pages.
     */
    static KernelCosts measure(Path binary, long mib, int rounds, String machine, Path thpEnabled, PrintStream log) throws IOException {
        Map<KernelFigure, List<Double>> samples = new EnumMap<>(KernelFigure.class);
        List<String> notes = new ArrayList<>();
        java.util.Optional<String> noThp = ThpSupport.unavailable(thpEnabled);
        noThp.ifPresent(why -> {
            notes.add(Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
            log.println("cowmeta: calibrate: " + why + ".");
        });
        for (int round = 0; round < rounds; round++) {
            List<String> modes = noThp.isPresent() ? List.of("base") : round % 2 == 0 ? List.of("base", "thp") : List.of("thp", "base");
            for (String mode : modes) {
                Map<String, Double> out = runOnce(binary, mib, mode);
                for (KernelFigure f : KernelFigure.values()) {
                    if (f.mode().equals(mode)) {
                        samples.computeIfAbsent(f, k -> new ArrayList<>()).add(out.getOrDefault(f.helperKey(), Double.NaN));
                    }
                }
            }
            log.printf(java.util.Locale.ROOT, "cowmeta: calibrate: round %d of %d done%n", round + 1, rounds);
        }
        Map<KernelFigure, Interval> figures = new EnumMap<>(KernelFigure.class);
        samples.forEach((f, v) -> figures.put(f, MedianInterval.of(v.stream().mapToDouble(Double::doubleValue).toArray(), 0.95)));
        Interval fraction = figures.get(KernelFigure.THP_FRACTION);
        ThpSupport.tooFewHugePages(fraction == null ? Double.NaN : fraction.estimate()).ifPresent(why -> {
            notes.add(Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
            log.println("cowmeta: calibrate: " + why + ".");
            for (KernelFigure f : KernelFigure.values()) {
                if (f.thp() && f != KernelFigure.THP_FRACTION) { // the share itself stays: it is why
                    figures.remove(f);
                    samples.remove(f);
                }
            }
        });
        return new KernelCosts(machine, Instant.now().toString(), mib, rounds, figures, samples, notes);
    }

    /** One run of the helper: its "name value" lines. */
    static Map<String, Double> runOnce(Path binary, long mib, String mode) throws IOException {
        return run(List.of(binary.toString(), Long.toString(mib), mode));
    }

    /** One run of the helper with {@code command}: its "name value" lines. */
    static Map<String, Double> run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the kernel probe did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("the kernel probe failed (exit " + p.exitValue() + "): " + err.strip());
            }
            return parse(out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the kernel probe ran", e);
        }
    }

    static Map<String, Double> parse(String out) throws IOException {
        Map<String, Double> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] w = line.strip().split(" ");
            if (w.length == 2) {
                try {
                    double v = Double.parseDouble(w[1]);
                    // a fork less the empty fork may come out below 0 in a noisy round: kept, it is a sample;
                    // only the share of huge pages says "unknown" with -1
                    m.put(w[0], w[0].equals("thp_fraction") && v < 0 ? Double.NaN : v);
                } catch (NumberFormatException e) {
                    throw new IOException("the kernel probe printed an unreadable line: " + line);
                }
            }
        }
        return m;
    }
}
