package org.cowmeta.lab.macro;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;

/**
 * One table's round of macro scenarios in a JVM of its own: the simulator's fault path is then
 * compiled for that table alone (its calls into the table monomorphic, as a kernel's direct calls
 * are) and anew every round, so that a round samples the JIT's outcome as a micro benchmark fork
 * does. It runs the table's operations hot ({@link JitWarmup}), then for every scenario and
 * parameter set asked, {@link MacroSuite#WARMUP_RUNS} discarded runs at half the memory and one
 * measured run, and writes the measured runs' rows as a results file.
 */
public final class MacroWorker {
    private MacroWorker() {}

    /** args: table profile seed outFile scenario[|index] ... (index: one parameter set of the scenario's grid) */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: MacroWorker table profile seed outFile scenario[:index] ...");
            System.exit(2);
        }
        String table = args[0];
        Profile profile = Profile.parse(args[1]).orElseThrow();
        long seed = Long.parseLong(args[2]);
        Path out = Path.of(args[3]);
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        JitWarmup.warm(table, seed);
        Results results = new Results();
        for (String spec : List.of(args).subList(4, args.length)) {
            String[] w = spec.split(":");
            Scenario s = ScenarioRegistry.get(w[0]);
            List<ScenarioParams> grid = s.grid(profile);
            List<ScenarioParams> params = w.length > 1 ? List.of(grid.get(Integer.parseInt(w[1]))) : grid;
            for (ScenarioParams p : params) {
                try {
                    for (int k = 0; k < MacroSuite.WARMUP_RUNS; k++) {
                        s.run(new ScenarioContext(table, seed, log), p.withMemoryMiB(Math.max(8, p.memoryMiB() / 2)), new MacroMetrics());
                    }
                    // The warm-up runs' garbage is collected first, so that every table's measured
                    // run starts from the same heap and a collection falls where its own allocation puts it.
                    System.gc();
                    MacroMetrics m = new MacroMetrics();
                    s.run(new ScenarioContext(table, seed, log), p, m);
                    m.rows(s.name(), table, p.rowParams()).forEach(results::add);
                } catch (Exception | OutOfMemoryError e) {
                    results.note("macro " + s.name() + " [" + p + "] on " + table + " failed: " + e);
                }
            }
        }
        ResultsIO.writeJson(results, out);
        System.exit(0);
    }
}
