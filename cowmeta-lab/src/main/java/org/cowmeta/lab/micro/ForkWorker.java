package org.cowmeta.lab.micro;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmark fork of one table in one round: a JVM of its own (so the table's code is
 * compiled for that table alone, as in JMH's forks) that fills the table once, says
 * {@value #READY}, and then runs the benchmarks the lab sends it one at a time, each through
 * JMH's Runner inside this JVM ({@code forks(0)}: JMH's warm-up and measurement iterations on
 * the already filled table, {@link SharedTables}). Why not one JMH fork per benchmark: at 2^22
 * counted frames the start and fill of a fork cost two to four times its measurement, and the lab
 * needs several rounds of every benchmark; here a round pays them once per table, while the
 * tables a ratio compares are still measured back to back, one JVM at a time.
 *
 * <p>Protocol, one line each way: the lab writes {@code run <method> <threads> <sharing> <phase>
 * <warmup iterations> <warmup ms> <measurement iterations> <measurement ms>}, the worker answers
 * {@code result <median> <iterations, comma-separated> <resizing> <quiet>} or {@code failed
 * <reason>}; {@code exit} ends it. JMH's own output goes to the log file, its JSON results to the
 * JSON file (one array per run, on its own line).
 */
public final class ForkWorker {
    static final String READY = "ready";

    private ForkWorker() {}

    /** args: table log2Size utilisation keys seed logFile jsonFile */
    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            System.err.println("usage: ForkWorker table log2Size utilisation keys seed logFile jsonFile");
            System.exit(2);
        }
        String table = args[0];
        int log2Size = Integer.parseInt(args[1]);
        String utilisation = args[2];
        String keys = args[3];
        long seed = Long.parseLong(args[4]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setProperty("jmh.ignoreLock", "true");
        try (PrintStream log = new PrintStream(new FileOutputStream(args[5], true), true, StandardCharsets.UTF_8);
             PrintStream json = new PrintStream(new FileOutputStream(args[6], true), true, StandardCharsets.UTF_8)) {
            System.setOut(log); // JMH and the tables print nothing on the protocol line
            SharedTables.fill(table, log2Size, utilisation, keys, seed);
            out.println(READY);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split("\\s+");
                if (w[0].equals("exit")) {
                    break;
                }
                out.println(run(w, table, log2Size, utilisation, keys, seed, log, json));
            }
        } finally {
            SharedTables.closeAll();
        }
        System.exit(0);
    }

    private static String run(String[] w, String table, int log2Size, String utilisation, String keys, long seed,
                              PrintStream log, PrintStream json) {
        try {
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include("^" + Pattern.quote(TableBench.class.getName() + "." + w[1]) + "$")
                    .forks(0).threads(Integer.parseInt(w[2]))
                    .warmupIterations(Integer.parseInt(w[5])).warmupTime(TimeValue.milliseconds(Long.parseLong(w[6])))
                    .measurementIterations(Integer.parseInt(w[7])).measurementTime(TimeValue.milliseconds(Long.parseLong(w[8])))
                    .shouldFailOnError(true)
                    .syncIterations(true)
                    .param("table", table).param("log2Size", Integer.toString(log2Size)).param("utilisation", utilisation)
                    .param("keys", keys).param("sharing", w[3]).param("phase", w[4]).param("seed", Long.toString(seed));
            Collection<RunResult> results = new Runner(b.build(), OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
            if (results.isEmpty()) {
                return "failed no result (see jmh.log)";
            }
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(results);
            json.println();
            RunResult r = results.iterator().next();
            List<String> its = new ArrayList<>();
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    its.add(Double.toString(ir.getPrimaryResult().getScore()));
                }
            }
            return String.format(Locale.ROOT, "result %s %s %s %s", Double.toString(r.getPrimaryResult().getStatistics().getPercentile(50)),
                    String.join(",", its), secondary(r, "resizing"), secondary(r, "quiet"));
        } catch (Exception | Error e) {
            e.printStackTrace(log);
            return "failed " + e.toString().replace('\n', ' ');
        }
    }

    private static double secondary(RunResult r, String name) {
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            Result<?> res = br.getSecondaryResults().get(name);
            if (res != null) {
                return res.getScore();
            }
        }
        return 0;
    }
}
