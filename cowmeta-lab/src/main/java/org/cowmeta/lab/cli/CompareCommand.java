package org.cowmeta.lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cowmeta.lab.report.Comparison;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Compares two runs figure by figure, with intervals; can guard a change in CI with --threshold. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares two results directories (or results.json files): for every time measured in both, the change "
                + "with its 95%% interval and a verdict (faster, slower, no change at this precision).",
        footer = "%nExit status: 0, or 1 with --threshold when a figure got slower beyond it with its whole interval; 2 on bad input.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BEFORE", description = "The earlier run: a results directory or its results.json.")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The later run.")
    Path after;

    @Option(names = "--threshold", paramLabel = "PERCENT",
            description = "Exit 1 when any figure got slower by more than this with its whole interval, e.g. 5%%.")
    String threshold;

    @Option(names = "--noise", paramLabel = "PERCENT",
            description = "The noise floor: a figure counts as faster or slower only when its whole interval is beyond it "
                    + "(default: ${DEFAULT-VALUE}).")
    String noise = Comparison.DEFAULT_NOISE_PERCENT + "%";

    @Option(names = "--absolute", description = "Judge raw changes; by default the run-wide shift of each section "
            + "(what the machine did to every figure) is divided out first.")
    boolean absolute;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        double limit = threshold == null ? Double.NaN : parsePercent(threshold, "--threshold");
        Results a = read(before);
        Results b = read(after);
        Comparison c = Comparison.of(a, b, parsePercent(noise, "--noise"), absolute);
        if (c.lines().isEmpty()) {
            throw new UsageException("'" + before + "' and '" + after + "' have no figure in common to compare");
        }
        out.print(c.text());
        int status = 0;
        if (Double.isFinite(limit)) {
            List<Comparison.Line> slower = c.regressions(limit);
            if (!slower.isEmpty()) {
                out.printf(Locale.ROOT, "%d figure(s) slower by more than %s with their whole interval.%n", slower.size(), threshold);
                status = 1;
            }
        }
        out.flush();
        return status;
    }

    static double parsePercent(String s, String option) {
        String t = s.strip();
        boolean pct = t.endsWith("%");
        try {
            double v = Double.parseDouble(pct ? t.substring(0, t.length() - 1) : t);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return pct || v >= 1 ? v / 100 : v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a percentage such as 5% or 0.05, not '" + s + "'");
        }
    }

    private static Results read(Path p) {
        Path json = Files.isDirectory(p) ? p.resolve(ResultsIO.JSON) : p;
        if (!Files.isRegularFile(json)) {
            throw new UsageException("'" + p + "' is neither a results directory nor a results.json file");
        }
        try {
            return ResultsIO.readJson(json);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
