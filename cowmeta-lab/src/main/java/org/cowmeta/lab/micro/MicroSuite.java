package org.cowmeta.lab.micro;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.cowmeta.lab.report.ResultRow;
import org.cowmeta.lab.report.ResultSink;
import org.cowmeta.lab.run.Profile;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableRegistry;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.runner.format.OutputFormatFactory;

/**
 * Runs the micro benchmark grid through JMH's Runner API, one forked JVM per run, and turns each
 * result into rows: the median of the measurement iterations in ns per call, JMH's 99.9%
 * confidence half-width, the fastest and slowest iteration, and the traced cost per call. Keeps
 * JMH's own JSON (jmh.json) and log (jmh.log) beside the results.
 */
public final class MicroSuite {
    public static final String SECTION = "micro";
    public static final long SEED = 0x5eed;

    private final Profile profile;
    private final Path dir;
    private final PrintStream log;
    private final CostTracer costs = new CostTracer();
    private final List<RunResult> raw = new ArrayList<>();

    public MicroSuite(Profile profile, Path dir, PrintStream log) {
        this.profile = profile;
        this.dir = dir;
        this.log = log;
    }

    /** Whether {@code table} offers resize control (built tiny to find out). */
    public static boolean resizable(String table) {
        try (RefCountTable t = TableRegistry.create(table, TableConfig.of(1 << 20).withExpectedEntries(64))) {
            return t.resizeControl().isPresent();
        }
    }

    /** Runs the profile's grid over {@code tables}; returns the sentences worth a note (failures). */
    public List<String> runTables(List<String> tables, ResultSink sink) throws IOException {
        return run(MicroPlan.plan(profile, tables, MicroSuite::resizable), sink);
    }

    public List<String> run(List<MicroConfig> plan, ResultSink sink) throws IOException {
        System.setProperty("jmh.ignoreLock", "true"); // other labs may run JMH on the same machine
        JmhSettings settings = JmhSettings.of(profile);
        List<String> problems = new ArrayList<>();
        log.println("cowmeta: micro: " + plan.size() + " JMH runs, " + settings.describe() + " each; JMH log: " + dir.resolve("jmh.log"));
        try (PrintStream jmhLog = new PrintStream(new FileOutputStream(dir.resolve("jmh.log").toFile(), true), true, StandardCharsets.UTF_8)) {
            int i = 0;
            for (MicroConfig c : plan) {
                i++;
                long t0 = System.nanoTime();
                Collection<RunResult> results;
                try {
                    results = new Runner(options(c, settings).build(), OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL)).run();
                } catch (RunnerException e) {
                    results = List.of();
                }
                if (results.isEmpty()) {
                    String p = "micro " + c + " failed (see jmh.log)";
                    problems.add(p);
                    log.printf("cowmeta: micro [%d/%d] %s: FAILED%n", i, plan.size(), c);
                    continue;
                }
                raw.addAll(results);
                for (RunResult r : results) {
                    addRows(c, r, sink);
                }
                log.printf("cowmeta: micro [%d/%d] %s: %s (%.1f s)%n", i, plan.size(), c,
                        summary(results.iterator().next()), (System.nanoTime() - t0) / 1e9);
            }
        }
        writeJson(dir.resolve("jmh.json"));
        return problems;
    }

    private ChainedOptionsBuilder options(MicroConfig c, JmhSettings s) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(TableBench.class.getName() + "." + c.method()) + "$")
                .forks(s.forks()).threads(c.threads())
                .warmupIterations(s.warmupIterations()).warmupTime(s.warmupTime())
                .measurementIterations(s.measurementIterations()).measurementTime(s.measurementTime())
                .jvmArgs(s.jvmArgs().toArray(String[]::new))
                .shouldFailOnError(true)
                .syncIterations(true);
        c.jmhParams(SEED).forEach(b::param);
        return b;
    }

    private void addRows(MicroConfig c, RunResult r, ResultSink sink) {
        Result<?> primary = r.getPrimaryResult();
        Statistics st = primary.getStatistics();
        double median = st.getPercentile(50);
        CostTracer.WorkloadCosts wc = costs.costs(c, SEED);
        CostTracer.Cost cost = wc.forMethod(c.method());
        Map<String, String> params = new LinkedHashMap<>(c.rowParams());
        params.put("load", String.format(java.util.Locale.ROOT, "%.3f", wc.load()));
        String unit = c.method().startsWith("pageTable") ? "ns/pt" : "ns/op";
        sink.add(new ResultRow(SECTION, c.table(), c.method(), params, "time", median, unit,
                primary.getScoreError(), st.getMin(), st.getMax(), cost.lines(), cost.loads()));
        if (c.method().startsWith("resize")) {
            double resizing = secondary(r, "resizing");
            double quiet = secondary(r, "quiet");
            if (resizing + quiet > 0) {
                sink.add(ResultRow.of(SECTION, c.table(), c.method(), params, "resizingShare",
                        100 * resizing / (resizing + quiet), "%"));
            }
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

    private static String summary(RunResult r) {
        Statistics st = r.getPrimaryResult().getStatistics();
        return String.format(java.util.Locale.ROOT, "median %.1f %s (%.1f..%.1f)", st.getPercentile(50),
                r.getPrimaryResult().getScoreUnit(), st.getMin(), st.getMax());
    }

    /** JMH's own JSON of every run so far. */
    public void writeJson(Path file) throws IOException {
        try (PrintStream out = new PrintStream(new FileOutputStream(file.toFile()), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(raw);
        }
    }
}
