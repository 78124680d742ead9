package org.cowmeta.lab.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cowmeta.lab.kernel.Calibration;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelProbe;
import org.cowmeta.lab.kernel.MachineKey;
import org.cowmeta.lab.kernel.NoCompilerException;
import org.cowmeta.lab.kernel.SimulatedCostsRunner;
import org.cowmeta.lab.macro.MacroSuite;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.lab.projection.KernelRows;
import org.cowmeta.lab.projection.Projection;
import org.cowmeta.lab.micro.JmhSettings;
import org.cowmeta.lab.micro.MicroConfig;
import org.cowmeta.lab.micro.MicroSuite;
import org.cowmeta.lab.probe.HardwareProbe;
import org.cowmeta.lab.probe.HardwareUnit;
import org.cowmeta.lab.probe.MachineInfo;
import org.cowmeta.lab.probe.NoiseMonitor;
import org.cowmeta.lab.probe.TimerProbe;
import org.cowmeta.lab.report.DensityWinners;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.report.Summary;
import org.cowmeta.lab.report.TargetLine;
import org.cowmeta.lab.report.Targets;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.results.RunDirectory;
import org.cowmeta.lab.stats.Threshold.Verdict;
import org.cowmeta.lab.tuning.TuningSweep;
import org.cowmeta.lab.tuning.Tunables;

/**
 * One lab run: calibrates against this host's real kernel first (cached per machine and kernel,
 * {@link Calibration}), measures the hardware unit, then the asked parts (footprint, micro, macro,
 * tuning) over the asked tables, and writes results/&lt;timestamp&gt;/ with results.json,
 * results.csv, the raw JMH JSON and report.html.
 *
 * <p>Micro benchmarks and macro scenarios run in interleaved rounds whose order is shuffled from
 * a seed recorded in the results ({@code scheduleSeed}). Once their main rounds are done, targets
 * whose interval still straddles the threshold get more rounds of exactly the configurations they
 * compare, the widest interval first, within {@link #EXTRA_SHARE} of the time the main rounds
 * took; what is still inconclusive then is reported as inconclusive. The hardware unit is measured
 * again in the middle and at the end, and the run is reported as disturbed when it moved or when
 * other processes took CPU time ({@link NoiseMonitor}). At the end each table's extra cost over
 * dense in the macro scenarios is projected onto the real kernel's fault and fork
 * ({@link Projection}): onto this host's and onto costs given with --kernel-costs.
 */
public final class LabRun {
    /** The role of this host's kernel costs in results.json. */
    public static final String HOST = KernelRows.HOST;
    /**
     * The region of the calibration protocol on the simulator: in the quick profile large enough
     * that each phase runs for milliseconds; in the full one large enough that every table's
     * entries (one per page at the fork) are beyond the last-level cache, as at a real kernel's scale.
     */
    /**
     * The tables the quick profile runs the calibration protocol with (beside dense): the
     * kernel's two hash tables and ours, the designs a kernel would choose between. Each table
     * costs a fresh JVM per round, so the quick profile leaves the anchors' variants and the Java
     * peers to the full one.
     */
    static final List<String> QUICK_PROTOCOL_TABLES = List.of("rhashtable", "rosebush", "compact", "clustered");

    static List<String> protocolTables(Request r) {
        List<String> tables = new ArrayList<>(List.of("dense"));
        r.tables().stream().filter(t -> !t.equals("dense"))
                .filter(t -> r.profile() == Profile.FULL || QUICK_PROTOCOL_TABLES.contains(t))
                .forEach(tables::add);
        return tables;
    }

    static long simulatedMiB(Profile p) {
        return p == Profile.FULL ? 1024 : 128;
    }
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** The extra rounds for inconclusive targets may take this share of the main rounds' time. */
    static final double EXTRA_SHARE = 0.2;
    /** Micro rounds added to an inconclusive target at a time. */
    static final int EXTRA_MICRO_ROUNDS = 3;
    /** Macro rounds added to an inconclusive end-to-end target at a time. */
    static final int EXTRA_MACRO_ROUNDS = 6;

    /** What to run. {@code command} is the exact command line, for the report. */
    public record Request(Profile profile, List<String> tables, List<String> scenarios, EnumSet<Part> parts,
                          Path outParent, String command, KernelCosts otherKernel) {
        /** A request that projects onto this host's kernel only. */
        public Request(Profile profile, List<String> tables, List<String> scenarios, EnumSet<Part> parts, Path outParent,
                       String command) {
            this(profile, tables, scenarios, parts, outParent, command, null);
        }
    }

    private LabRun() {}

    /** Runs {@code r}; progress goes to {@code log}; returns the results directory. */
    public static Path execute(Request r, PrintStream log) throws Exception {
        Instant start = Instant.now();
        for (Path p : RunDirectory.unfinished(r.outParent())) {
            log.println("cowmeta: an earlier run did not finish and left " + p + " (incomplete; delete it when done with it)");
        }
        RunDirectory runDir = RunDirectory.create(r.outParent(), STAMP.format(start));
        Path dir = runDir.path();
        long scheduleSeed = start.toEpochMilli();
        Results results = new Results();
        results.run("command", r.command()).run("profile", r.profile().id()).run("startedAt", start.toString())
                .run("tables", String.join(", ", r.tables())).run("scheduleSeed", Long.toString(scheduleSeed));
        results.machine(MachineInfo.machine()).jvm(MachineInfo.jvm());
        log.println("cowmeta: results go to " + runDir.finalPath() + " (" + dir.getFileName() + " until the run is complete)");

        KernelCosts host = calibrate(r, results, log, scheduleSeed);

        NoiseMonitor noise = new NoiseMonitor(HardwareProbe.standard());
        checkpoint(noise, "start", results, log, start.toEpochMilli());
        addTimer(results, TimerProbe.measure());
        addCacheCurve(results, noise.checkpoints().getFirst().unit().dramLoadNanos(), start.toEpochMilli());

        if (r.parts().contains(Part.FOOTPRINT)) {
            footprint(r, results, log);
        }
        MicroSuite micro = null;
        List<MicroConfig> plan = List.of();
        long mainNanos = 0;
        if (r.parts().contains(Part.MICRO)) {
            long t0 = System.nanoTime();
            micro = new MicroSuite(r.profile(), dir, log);
            JmhSettings settings = JmhSettings.of(r.profile());
            results.run("jmh", settings.describe()).run("microRounds", Integer.toString(settings.rounds()));
            results.note("This machine has " + Runtime.getRuntime().availableProcessors()
                    + " cores: runs with more threads than cores oversubscribe it, and other work on it disturbs timings; "
                    + "compare tables by ratios within this run.");
            plan = micro.plan(r.tables());
            micro.runRounds(plan, 0, settings.rounds(), scheduleSeed, "main rounds");
            micro.addRows(results);
            write(results, dir); // keep what is measured so far
            results.removeSection(MicroSuite.SECTION);
            mainNanos += System.nanoTime() - t0;
            checkpoint(noise, "middle", results, log, start.toEpochMilli() + 1);
        }
        MacroSuite macro = null;
        if (r.parts().contains(Part.MACRO) && !r.scenarios().isEmpty()) {
            long t0 = System.nanoTime();
            List<String> macroTables = MacroSuite.tables(r.profile(), r.tables());
            log.println("cowmeta: macro: " + r.scenarios().size() + " scenarios x " + macroTables.size() + " tables on the simulator, "
                    + MacroSuite.rounds(r.profile()) + " interleaved rounds, each table in a JVM of its own per round ...");
            results.run("macroRounds", Integer.toString(MacroSuite.rounds(r.profile())));
            macro = new MacroSuite(r.profile(), dir, log, scheduleSeed);
            macro.run(r.scenarios(), macroTables);
            mainNanos += System.nanoTime() - t0;
        }
        if (r.parts().contains(Part.TUNING) && !Tunables.tunable(r.tables()).isEmpty()) {
            log.println("cowmeta: tuning: sweeping the declared options of " + String.join(", ", Tunables.tunable(r.tables())) + " ...");
            new TuningSweep(TuningSweep.Settings.of(r.profile()), 42, log).run(r.tables(), results);
        }
        if (micro != null || macro != null) {
            extraRounds(results, micro, macro, (long) (EXTRA_SHARE * mainNanos), scheduleSeed, log);
            if (micro != null) {
                micro.problems().forEach(results::note);
                micro.addRows(results);
                micro.cleanUp();
            }
            if (macro != null) {
                macro.problems().forEach(results::note);
                macro.addRows(results);
            }
        }
        if (micro != null || macro != null) {
            checkpoint(noise, "end", results, log, start.toEpochMilli() + 2);
            addNoise(results, noise);
        }
        if (host != null) {
            Projection.addRows(results, host, HOST);
        }
        if (r.otherKernel() != null) {
            Projection.addRows(results, r.otherKernel(), given(r.otherKernel()));
        }
        results.run("finishedAt", Instant.now().toString());
        MachineInfo.loadAverage().ifPresent(v -> results.machine(Map.of("loadAverageAtEnd", v)));
        results.run("seconds", Long.toString(java.time.Duration.between(start, Instant.now()).toSeconds()));
        Summary summary = Summary.of(results);
        summary.rows().forEach(results::add);
        Targets.addRows(results); // the targets, from the rows measured above, into results.json and results.csv
        write(results, dir);
        dir = runDir.commit();
        if (!summary.isEmpty()) {
            System.out.println();
            System.out.print(summary.text());
        }
        String density = DensityWinners.sentence(results);
        if (!density.isEmpty()) {
            System.out.println(density);
        }
        String projected = Projection.text(results);
        if (!projected.isEmpty()) {
            System.out.print(projected);
        }
        List<TargetLine> targets = Targets.of(results);
        if (targets.stream().anyMatch(t -> t.verdict() != Verdict.NOT_MEASURED)) {
            System.out.println();
            System.out.print(Targets.text(targets));
        }
        results.run().entrySet().stream().filter(e -> e.getKey().equals("disturbed")).findFirst()
                .ifPresent(e -> System.out.println("\nThis run was disturbed: " + e.getValue()));
        log.println("cowmeta: report: " + dir.resolve(ReportRenderer.FILE) + " (" + results.run().get("seconds") + " s)");
        return dir;
    }

    /**
     * The first step: this host's real kernel costs (cached per machine and kernel, else measured
     * now), any given with --kernel-costs, and the simulator's costs on the same protocol when the
     * macro part runs. Without a C compiler one sentence says so and the run goes on without
     * projections; returns this host's costs, or null.
     */
    static KernelCosts calibrate(Request r, Results results, PrintStream log, long scheduleSeed) {
        KernelCosts host = null;
        try {
            host = Calibration.cachedOrMeasure(log);
            KernelRows.addReal(results, host, HOST);
            host.notes().forEach(results::note);
            results.run("kernelCosts", host.machine() + ", measured " + host.measuredAt() + " (" + host.mib() + " MiB, "
                    + host.rounds() + " rounds), stored in " + Calibration.file(MachineKey.current()));
        } catch (NoCompilerException e) {
            log.println("cowmeta: " + e.getMessage() + ".");
            results.note(capitalized(e.getMessage()) + ".");
        } catch (IOException | RuntimeException e) {
            log.println("cowmeta: calibrate: the kernel probe failed, so projections onto this host are left out: " + e.getMessage());
            results.note("The kernel probe failed (" + e.getMessage() + "), so projections onto this host's kernel are left out.");
        }
        if (r.otherKernel() != null) {
            KernelRows.addReal(results, r.otherKernel(), given(r.otherKernel()));
            results.run("otherKernelCosts", r.otherKernel().machine());
        }
        if ((host != null || r.otherKernel() != null) && r.parts().contains(Part.MACRO)) {
            List<String> tables = protocolTables(r);
            long mib = simulatedMiB(r.profile());
            log.println("cowmeta: calibrate: the same protocol on the simulator (linux fork strategy, " + mib + " MiB, "
                    + KernelProbe.DEFAULT_ROUNDS + " rounds of " + tables.size() + " tables, each in a fresh JVM, shuffled) ...");
            try {
                SimulatedCostsRunner.run(tables, mib, KernelProbe.DEFAULT_ROUNDS, scheduleSeed, log).forEach((t, sim) ->
                        KernelRows.addSimulated(results, t, mib, KernelProbe.DEFAULT_ROUNDS, sim));
            } catch (IOException e) {
                results.note("The simulator's run of the calibration protocol failed (" + e.getMessage() + "), so the "
                        + "calibration table has no simulated figures.");
            }
            if (results.section(KernelRows.SECTION).stream().noneMatch(x -> x.benchmark().equals("simulated") && x.table().equals("dense"))) {
                results.note("The simulator's run of the calibration protocol with dense did not finish, so the calibration "
                        + "table has no simulated figures.");
            }
        }
        return host;
    }

    private static String given(KernelCosts c) {
        return KernelRows.given(c);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void footprint(Request r, Results results, PrintStream log) {
        long memory = 1L << 22; // 16 GiB of frames
        log.println("cowmeta: footprint: 2^17 random counted frames in 16 GiB per table ...");
        FootprintMeasure.measureAll(r.tables(), 1L << 17, memory, 42, results);
        log.println("cowmeta: footprint: 2^14 counted frames at 1, 2, 4 ... 512 per 2 MiB area, per table ...");
        FootprintMeasure.measureDensity(r.tables(), 1L << 14, 42, results);
        Path root = Path.of("").toAbsolutePath();
        Path sample = root.resolve(SampleCaptureFootprint.SAMPLE);
        if (SampleCaptureFootprint.available(root)) {
            log.println("cowmeta: footprint: the sample capture's counted frames per table (static replay, no timing) ...");
            try {
                SampleCaptureFootprint.measure(sample, r.tables(), results);
            } catch (Exception | OutOfMemoryError e) {
                results.note("The static replay of the sample capture " + sample + " failed (" + e + "), so bytes per "
                        + "counted frame on it were not measured.");
            }
        } else {
            results.note("The sample capture " + SampleCaptureFootprint.SAMPLE + " is not under the working directory (run "
                    + "from the repository root), so bytes per counted frame on it were not measured; the targets use the "
                    + "random frames of the footprint part instead.");
        }
    }

    /**
     * Spends at most {@code budgetNanos} on more rounds of the targets that are inconclusive,
     * the widest interval first, each time re-judging from everything measured so far.
     */
    static void extraRounds(Results results, MicroSuite micro, MacroSuite macro, long budgetNanos, long seed, PrintStream log)
            throws IOException {
        long spent = 0;
        List<String> tried = new ArrayList<>();
        for (int step = 0; spent < budgetNanos; step++) {
            Results now = results.copy();
            if (micro != null) {
                micro.addRows(now);
            }
            if (macro != null) {
                macro.addRows(now);
            }
            List<TargetLine> open = Targets.of(now).stream()
                    .filter(t -> t.verdict() == Verdict.INCONCLUSIVE && t.rerun().kind() != TargetLine.Rerun.Kind.NONE)
                    .filter(t -> t.rerun().kind() != TargetLine.Rerun.Kind.MICRO || micro != null)
                    .filter(t -> t.rerun().kind() != TargetLine.Rerun.Kind.MACRO || macro != null)
                    .sorted(Comparator.comparingDouble((TargetLine t) -> t.measured().relativeWidth()).reversed())
                    .toList();
            if (open.isEmpty()) {
                break;
            }
            // Each target at most twice, so one hopeless line does not take the whole budget.
            TargetLine t = open.stream().filter(l -> tried.stream().filter(l.id()::equals).count() < 2).findFirst().orElse(null);
            if (t == null) {
                break;
            }
            tried.add(t.id());
            long t0 = System.nanoTime();
            TargetLine.Rerun rr = t.rerun();
            if (rr.kind() == TargetLine.Rerun.Kind.MICRO) {
                List<MicroConfig> configs = new ArrayList<>();
                for (int i = 0; i < rr.benchmarks().size(); i++) {
                    configs.add(new MicroConfig(rr.benchmarks().get(i), rr.tables().get(i), rr.log2Size(), "medium", rr.keys(),
                            "disjoint", rr.phase(), 1));
                }
                long estimate = EXTRA_MICRO_ROUNDS * configs.size() * micro.averageForkNanos();
                if (spent + estimate > budgetNanos) {
                    break;
                }
                log.printf(Locale.ROOT, "cowmeta: extra rounds: %s is inconclusive (%s): %d more rounds of %d configurations%n",
                        t.id(), t.measuredText(), EXTRA_MICRO_ROUNDS, configs.size());
                micro.runRounds(configs, micro.roundsMeasured(), EXTRA_MICRO_ROUNDS, seed + step + 1, "extra rounds for " + t.id());
            } else {
                log.printf(Locale.ROOT, "cowmeta: extra rounds: %s is inconclusive (%s): %d more rounds of %s%n",
                        t.id(), t.measuredText(), EXTRA_MACRO_ROUNDS, String.join(", ", rr.tables()));
                macro.runMore(rr.scenario(), rr.tables(), EXTRA_MACRO_ROUNDS);
            }
            spent += System.nanoTime() - t0;
        }
        results.run("extraSeconds", String.format(Locale.ROOT, "%.0f", spent / 1e9));
        results.run("extraBudgetSeconds", String.format(Locale.ROOT, "%.0f", budgetNanos / 1e9));
    }

    private static void checkpoint(NoiseMonitor noise, String name, Results results, PrintStream log, long seed) {
        log.println("cowmeta: probe (" + name + "): one dependent DRAM load and streaming bandwidth ...");
        NoiseMonitor.Checkpoint c = noise.checkpoint(name, seed);
        addProbe(results, c.unit(), name);
        log.printf(Locale.ROOT, "cowmeta: probe (%s): DRAM load %.1f ns (rounds %.1f..%.1f), stream %.2f GiB/s, load average %s%n",
                name, c.unit().dramLoadNanos(), c.unit().dramLoadLow(), c.unit().dramLoadHigh(), c.unit().streamGiBps(), c.loadAverage());
    }

    static void addProbe(Results results, HardwareUnit u, String checkpoint) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("checkpoint", checkpoint);
        p.put("bufferMiB", Long.toString(u.bufferBytes() >> 20));
        p.put("rounds", Integer.toString(u.rounds()));
        results.add(ResultRow.of("probe", "", "dramLoad", p, "latency", u.dramLoadNanos(), "ns")
                .withSpread(Double.NaN, u.dramLoadLow(), u.dramLoadHigh()));
        results.add(ResultRow.of("probe", "", "streamRead", p, "bandwidth", u.streamGiBps(), "GiB/s")
                .withSpread(Double.NaN, u.streamLow(), u.streamHigh()));
    }

    /** Buffers the dependent-load curve is measured over: from inside any L2 to beyond any last-level cache slice. */
    private static final long[] CURVE = {1L << 20, 4L << 20, 16L << 20, 32L << 20, 64L << 20, 128L << 20};

    /**
     * The dependent-load latency against buffer size and the last-level cache in effect that it
     * shows, so a reader can check that the targets' size (2^22 counted frames) is beyond it for
     * every table.
     */
    private static void addCacheCurve(Results results, double dram, long seed) {
        double[] lat = HardwareProbe.latencyCurve(CURVE, seed);
        for (int k = 0; k < CURVE.length; k++) {
            results.add(ResultRow.of("probe", "", "loadLatencyCurve", Map.of("bufferMiB", Long.toString(CURVE[k] >> 20)),
                    "latency", lat[k], "ns"));
        }
        long llc = HardwareProbe.effectiveCache(CURVE, lat, dram);
        results.add(ResultRow.of("probe", "", "effectiveLastLevelCache", Map.of(), "size", llc >> 20, "MiB"));
        results.machine(Map.of("effectiveLastLevelCache", (llc >> 20) + " MiB (the largest probe buffer whose dependent load "
                + "is nearer a cache hit than a DRAM access)"));
    }

    private static void addTimer(Results results, TimerProbe t) {
        results.add(ResultRow.of("probe", "", "nanoTimeResolution", Map.of(), "resolution", t.resolutionNanos(), "ns"));
        results.add(ResultRow.of("probe", "", "nanoTimeCost", Map.of(), "cost", t.costNanos(), "ns"));
    }

    private static void addNoise(Results results, NoiseMonitor noise) {
        for (NoiseMonitor.Interval i : noise.intervals()) {
            Map<String, String> p = Map.of("from", i.from(), "to", i.to());
            results.add(ResultRow.of("noise", "", "otherProcesses", p, "cpuShare", 100 * i.othersShare(), "%"));
            results.add(ResultRow.of("noise", "", "steal", p, "cpuShare", 100 * i.stealShare(), "%"));
        }
        results.add(ResultRow.of("noise", "", "dramUnitMove", Map.of(), "move", 100 * noise.dramMove(), "%"));
        List<String> d = noise.disturbances();
        if (!d.isEmpty()) {
            results.run("disturbed", String.join(" ", d));
            results.note("This run was disturbed: " + String.join(" ", d) + " Intervals are wider for it; ratios paired within "
                    + "rounds remain the figures to trust.");
        }
    }

    /** Writes results.json, results.csv and report.html into {@code dir}. */
    private static void write(Results results, Path dir) throws IOException {
        ResultsIO.write(results, dir);
        ReportRenderer.write(results, dir);
    }

}
