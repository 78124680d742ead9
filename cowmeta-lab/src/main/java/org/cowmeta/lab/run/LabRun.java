package org.cowmeta.lab.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.macro.MacroSuite;
import org.cowmeta.lab.micro.JmhSettings;
import org.cowmeta.lab.micro.MicroSuite;
import org.cowmeta.lab.probe.HardwareProbe;
import org.cowmeta.lab.report.Summary;
import org.cowmeta.lab.report.TargetLine;
import org.cowmeta.lab.report.Targets;
import org.cowmeta.lab.probe.HardwareUnit;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.report.ResultRow;
import org.cowmeta.lab.report.Results;
import org.cowmeta.lab.report.ResultsIO;
import org.cowmeta.lab.tuning.TuningSweep;
import org.cowmeta.lab.tuning.Tunables;

/**
 * One lab run: measures the hardware unit first, then the asked parts (footprint, micro, macro)
 * over the asked tables, and writes results/&lt;timestamp&gt;/ with results.json, results.csv,
 * the raw JMH JSON and report.html.
 */
public final class LabRun {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** What to run. {@code command} is the exact command line, for the report. */
    public record Request(Profile profile, List<String> tables, List<String> scenarios, EnumSet<Part> parts,
                          Path outParent, String command) {}

    private LabRun() {}

    /** Runs {@code r}; progress goes to {@code log}; returns the results directory. */
    public static Path execute(Request r, PrintStream log) throws Exception {
        Instant start = Instant.now();
        Path dir = uniqueDir(r.outParent(), STAMP.format(start));
        Results results = new Results();
        results.run("command", r.command()).run("profile", r.profile().id()).run("startedAt", start.toString())
                .run("tables", String.join(", ", r.tables()));
        results.machine(MachineInfo.machine()).jvm(MachineInfo.jvm());
        log.println("cowmeta: results go to " + dir);
        MachineInfo.loadAverage().ifPresent(load -> {
            double one = Double.parseDouble(load.split(" ")[0]);
            int cores = Runtime.getRuntime().availableProcessors();
            if (one > cores) {
                results.note("The load average was " + load + " on " + cores + " cores when the run started: other processes "
                        + "shared the CPUs, so absolute times are inflated; ratios within the run are the figures to trust.");
            }
        });

        log.println("cowmeta: probe: one dependent DRAM load and streaming bandwidth ...");
        HardwareUnit unit = HardwareProbe.standard().measure(start.toEpochMilli());
        addProbe(results, unit);
        log.printf("cowmeta: probe: DRAM load %.1f ns (rounds %.1f..%.1f), stream %.2f GiB/s%n",
                unit.dramLoadNanos(), unit.dramLoadLow(), unit.dramLoadHigh(), unit.streamGiBps());

        if (r.parts().contains(Part.FOOTPRINT)) {
            long memory = 1L << 22; // 16 GiB of frames
            log.println("cowmeta: footprint: 2^17 random counted frames in 16 GiB per table ...");
            FootprintMeasure.measureAll(r.tables(), 1L << 17, memory, 42, results);
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
        if (r.parts().contains(Part.MICRO)) {
            MicroSuite micro = new MicroSuite(r.profile(), dir, log);
            results.run("jmh", JmhSettings.of(r.profile()).describe());
            results.note("This machine has " + Runtime.getRuntime().availableProcessors()
                    + " cores: runs with more threads than cores oversubscribe it, and other work on it disturbs timings; "
                    + "compare tables by ratios within this run.");
            micro.runTables(r.tables(), results).forEach(results::note);
            write(results, dir); // keep what is measured so far
        }
        if (r.parts().contains(Part.MACRO) && !r.scenarios().isEmpty()) {
            log.println("cowmeta: macro: " + r.scenarios().size() + " scenarios x " + r.tables().size() + " tables on the simulator ...");
            new MacroSuite(r.profile(), log).run(r.scenarios(), r.tables(), results).forEach(results::note);
        }
        if (r.parts().contains(Part.TUNING) && !Tunables.tunable(r.tables()).isEmpty()) {
            log.println("cowmeta: tuning: sweeping the declared options of " + String.join(", ", Tunables.tunable(r.tables())) + " ...");
            new TuningSweep(TuningSweep.Settings.of(r.profile()), 42, log).run(r.tables(), results);
            write(results, dir);
        }
        results.run("finishedAt", Instant.now().toString());
        MachineInfo.loadAverage().ifPresent(v -> results.machine(Map.of("loadAverageAtEnd", v)));
        results.run("seconds", Long.toString(java.time.Duration.between(start, Instant.now()).toSeconds()));
        Targets.addRows(results); // issue 6's targets, from the rows measured above, into results.json and results.csv
        write(results, dir);
        Summary summary = Summary.of(results);
        if (!summary.isEmpty()) {
            System.out.println();
            System.out.print(summary.text());
        }
        List<TargetLine> targets = Targets.of(results);
        if (targets.stream().anyMatch(t -> t.verdict() != TargetLine.Verdict.NOT_MEASURED)) {
            System.out.println();
            System.out.print(Targets.text(targets));
        }
        log.println("cowmeta: report: " + dir.resolve(ReportRenderer.FILE) + " (" + results.run().get("seconds") + " s)");
        return dir;
    }

    static void addProbe(Results results, HardwareUnit u) {
        Map<String, String> p = Map.of("bufferMiB", Long.toString(u.bufferBytes() >> 20), "rounds", Integer.toString(u.rounds()));
        results.add(ResultRow.of("probe", "", "dramLoad", p, "latency", u.dramLoadNanos(), "ns")
                .withSpread(Double.NaN, u.dramLoadLow(), u.dramLoadHigh()));
        results.add(ResultRow.of("probe", "", "streamRead", p, "bandwidth", u.streamGiBps(), "GiB/s")
                .withSpread(Double.NaN, u.streamLow(), u.streamHigh()));
    }

    public static void write(Results results, Path dir) throws IOException {
        Files.createDirectories(dir);
        ResultsIO.writeJson(results, dir.resolve(ResultsIO.JSON));
        ResultsIO.writeCsv(results, dir.resolve(ResultsIO.CSV));
        ReportRenderer.write(results, dir);
    }

    private static Path uniqueDir(Path parent, String stamp) throws IOException {
        Path dir = parent.resolve(stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = parent.resolve(stamp + "-" + i);
        }
        return Files.createDirectories(dir);
    }
}
