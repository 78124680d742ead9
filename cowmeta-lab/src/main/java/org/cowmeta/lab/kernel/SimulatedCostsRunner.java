package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cowmeta.lab.fork.ForkedJvm;

/**
 * Runs {@link SimulatedCosts} for each table in a JVM of its own ({@link SimulatedCostsWorker}),
 * one table after another, and collects the value of every round of every figure.
 */
public final class SimulatedCostsRunner {
    private static final List<String> JVM = ForkedJvm.flags("-Xms512m", "-Xmx2g");
    private static final long TIMEOUT_SECONDS = 600;

    private SimulatedCostsRunner() {}

    /** Per table (in the given order), per figure, the value of every round; a table whose worker failed is left out and said on {@code log}. */
    public static Map<String, Map<KernelFigure, List<Double>>> run(List<String> tables, long mib, int rounds, PrintStream log)
            throws IOException {
        Map<String, Map<KernelFigure, List<Double>>> out = new LinkedHashMap<>();
        for (String t : tables) {
            Process p = new ProcessBuilder(ForkedJvm.command(JVM, SimulatedCostsWorker.class,
                    List.of(t, Long.toString(mib), Integer.toString(rounds)))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    log.println("cowmeta: calibrate: the simulator's protocol with " + t + " did not finish within "
                            + TIMEOUT_SECONDS + " s; left out");
                    continue;
                }
                if (p.exitValue() != 0) {
                    log.println("cowmeta: calibrate: the simulator's protocol with " + t + " failed (exit " + p.exitValue() + "); left out");
                    continue;
                }
                out.put(t, parse(text));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the simulator's protocol ran", e);
            }
        }
        return out;
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
