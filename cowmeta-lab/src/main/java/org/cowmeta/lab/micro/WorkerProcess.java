package org.cowmeta.lab.micro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.cowmeta.lab.fork.ForkedJvm;

/**
 * The lab's side of one {@link ForkWorker}: starts the JVM with the benchmark flags, waits until
 * it has filled its table, sends it benchmarks one at a time and reads back their figures.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final PrintStream to;
    private final BufferedReader from;
    private final String what;

    /** One benchmark's figure: the median of the measurement iterations, the iterations, the resize counters. */
    record Figure(double median, double[] iterations, double resizing, double quiet) {}

    private WorkerProcess(Process process, String what) {
        this.process = process;
        this.to = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.what = what;
    }

    /** Starts a worker for {@code table} on the workload of {@code c}; does not wait for it to be ready. */
    static WorkerProcess start(MicroConfig c, long seed, List<String> jvmArgs, Path log, Path json) throws IOException {
        List<String> cmd = ForkedJvm.command(jvmArgs, ForkWorker.class, List.of(c.table(), Integer.toString(c.log2Size()),
                c.utilisation(), c.keys(), Long.toString(seed), log.toString(), json.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new WorkerProcess(pb.start(), c.table() + " 2^" + c.log2Size() + " " + c.utilisation() + " " + c.keys());
    }

    /** Waits until the worker has filled its table; false when it died first. */
    boolean awaitReady() throws IOException {
        for (String line; (line = from.readLine()) != null; ) {
            if (line.equals(ForkWorker.READY)) {
                return true;
            }
        }
        return false;
    }

    /** Runs one benchmark; null when it failed (the reason is in the log). */
    Figure run(MicroConfig c, JmhSettings s) throws IOException {
        to.printf(Locale.ROOT, "run %s %d %s %s %d %d %d %d%n", c.method(), c.threads(), c.sharing(), c.phase(),
                s.warmupIterations(), s.warmupTime().convertTo(TimeUnit.MILLISECONDS),
                s.measurementIterations(), s.measurementTime().convertTo(TimeUnit.MILLISECONDS));
        String line = from.readLine();
        if (line == null || !line.startsWith("result ")) {
            return null;
        }
        String[] w = line.split(" ");
        double[] its = Arrays.stream(w[2].split(",")).mapToDouble(Double::parseDouble).toArray();
        return new Figure(Double.parseDouble(w[1]), its, Double.parseDouble(w[3]), Double.parseDouble(w[4]));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Asks the worker to exit and waits for it (kills it after a while). */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                to.println("exit");
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return what;
    }
}
