package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cowmeta.lab.fork.ForkedJvm;

/**
 * Runs {@link SimulatedCosts} in rounds, as the macro scenarios run: every round runs every
 * table once, each in a fresh JVM of its own ({@link SimulatedCostsWorker}: warm-up, then one
 * measured run), in an order shuffled anew each round. A JVM compiles the simulator's paths its
 * own way, and runs of the same table in two JVMs differed by several times in fork time, which
 * rounds inside one JVM cannot show; rounds across JVMs do, and round i of every table ran at
 * about the same time, so ratios and differences between tables pair by round.
 */
public final class SimulatedCostsRunner {
    private static final List<String> JVM = ForkedJvm.flags("-Xms512m", "-Xmx2g");
    /** How long a worker may run before it counts as hung: far above its seconds, more for a larger region. */
    static long timeoutSeconds(long mib) {
        return Math.max(120, mib / 4);
    }

    private SimulatedCostsRunner() {}

    /**
     * Per table (in the given order), per figure, the value of every round in round order (NaN
     * where that table's worker failed in that round, which is said on {@code log}); the order of
     * each round from {@code seed}.
     */
    public static Map<String, Map<KernelFigure, List<Double>>> run(List<String> tables, long mib, int rounds, long seed,
                                                                    PrintStream log) throws IOException {
        Map<String, Map<KernelFigure, List<Double>>> out = new LinkedHashMap<>();
        tables.forEach(t -> out.put(t, new EnumMap<>(KernelFigure.class)));
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(tables);
            Collections.shuffle(order, new Random(seed + round));
            for (String t : order) {
                Map<KernelFigure, List<Double>> got = once(t, mib, log);
                for (KernelFigure f : SimulatedCosts.FIGURES) {
                    List<Double> v = out.get(t).computeIfAbsent(f, k -> new ArrayList<>());
                    v.add(got.containsKey(f) && !got.get(f).isEmpty() ? got.get(f).getFirst() : Double.NaN);
                }
            }
            log.printf(java.util.Locale.ROOT, "cowmeta: calibrate: simulator round %d of %d done%n", round + 1, rounds);
        }
        return out;
    }

    /**
     * One worker: warm-up and one measured run of {@code table}; empty when it failed or did not
     * finish in time. Its output goes to files, not pipes, so the timeout holds even when the
     * worker hangs (a read of its pipe would wait for it), and a failure's first error line reaches
     * the log.
     */
    private static Map<KernelFigure, List<Double>> once(String t, long mib, PrintStream log) throws IOException {
        Path out = Files.createTempFile("cowmeta-simulated-", ".out");
        Path err = Files.createTempFile("cowmeta-simulated-", ".err");
        try {
            Process p = new ProcessBuilder(ForkedJvm.command(JVM, SimulatedCostsWorker.class, List.of(t, Long.toString(mib), "1")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long timeout = timeoutSeconds(mib);
            if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                log.println("cowmeta: calibrate: the simulator's protocol with " + t + " did not finish within " + timeout
                        + " s; that round of it is left out" + firstError(err));
                return Map.of();
            }
            if (p.exitValue() != 0) {
                log.println("cowmeta: calibrate: the simulator's protocol with " + t + " failed (exit " + p.exitValue()
                        + "); that round of it is left out" + firstError(err));
                return Map.of();
            }
            return parse(Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the simulator's protocol ran", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** " (first error: ...)" from a worker's standard error, or nothing when it printed none. */
    static String firstError(Path err) throws IOException {
        try (var lines = Files.lines(err, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("Exception") || l.contains("Error"))
                    .findFirst().map(l -> " (first error: " + l.strip() + ")").orElse("");
        }
    }

    static Map<KernelFigure, List<Double>> parse(String text) {
        Map<KernelFigure, List<Double>> m = new EnumMap<>(KernelFigure.class);
        for (String line : text.split("\n")) {
            String[] w = line.strip().split(" ");
            if (w.length == 2) {
                KernelFigure.byId(w[0]).ifPresent(f -> {
                    List<Double> v = new ArrayList<>();
                    for (String x : w[1].split(",")) {
                        v.add(Double.parseDouble(x));
                    }
                    m.put(f, v);
                });
            }
        }
        return m;
    }
}
