package org.cowmeta.lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cowmeta.lab.replay.DynamicReplay;
import org.cowmeta.lab.replay.ReplayRun;
import org.cowmeta.lab.replay.StaticReplay;
import org.cowmeta.tables.registry.SurveyMemory;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CaptureFormatException;
import org.cowmeta.vm.fork.ForkStrategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Replays a capture over the tables; results go where every lab run's go. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a cowmeta capture: loads the host's counted frames into each table (bytes per counted "
                + "frame, metadata beside struct page, get/increment/decrement on the real keys beside uniform ones) "
                + "and writes results.json, results.csv and report.html under --out. The dynamic replay's faults and forks are "
                + "projected onto this host's real kernel (cowmeta calibrate, cached) and any --kernel-costs.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A capture (cowmeta-capture 1, plain or gzip'd).")
    Path file;

    @Option(names = "--tables", split = ",", paramLabel = "NAME", converter = Converters.TableName.class,
            description = "Tables to replay into, comma-separated (default: every registered table).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Parent directory of the results; the replay writes DIR/replay-<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("results");

    @Option(names = "--no-timing", description = "Skip the static replay's timed loops (footprint and exactness only).")
    boolean noTiming;

    @Option(names = "--strategies", split = ",", paramLabel = "NAME",
            description = "Fork strategies of the dynamic replay, comma-separated (default: all: morsel, linux, odf).")
    List<String> strategies = new ArrayList<>(ForkStrategies.names());

    @Option(names = "--static-only", description = "Only the static replay (no simulated fork).")
    boolean staticOnly;

    @Option(names = "--quick", description = "One round of each dynamic replay and of each timed loop, no warm-up (for a first look).")
    boolean quick;

    @Mixin
    KernelCostsOption kernelCosts = new KernelCostsOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var otherKernel = kernelCosts.read(); // a bad file is refused before anything is replayed
        if (!Files.isRegularFile(file)) {
            throw new UsageException("'" + file + "' is not a capture file: it does not exist or is not a regular file");
        }
        Capture capture;
        try {
            capture = Capture.load(file);
        } catch (CaptureFormatException e) {
            throw new UsageException(e.getMessage());
        }
        RunOptions where = new RunOptions();
        where.tables = tables;
        where.out = out;
        List<String> chosen = where.tables();
        Path outDir = where.outDir();
        List<String> words = new ArrayList<>(List.of("./cowmeta"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        for (String s : strategies) {
            if (!ForkStrategies.names().contains(s)) {
                throw new UsageException("unknown fork strategy '" + s + "'; strategies are " + String.join(", ", ForkStrategies.names()));
            }
        }
        StaticReplay.Settings settings = noTiming ? StaticReplay.Settings.NO_TIMING
                : quick ? StaticReplay.Settings.QUICK : StaticReplay.Settings.STANDARD;
        DynamicReplay.Settings dynamic = quick ? DynamicReplay.Settings.QUICK : DynamicReplay.Settings.STANDARD;
        // Each table is filled with the capture's counted frames in a host of the capture's size
        // (the struct-page baselines allocate a slot for every one of its frames): refuse what
        // the heap cannot hold before anything is written.
        SurveyMemory.check(chosen.stream().map(TableRegistry::get).toList(), Math.max(1, capture.countedFrames()), capture.frames(), dynamic.seed())
                .ifPresent(problem -> {
                    throw new UsageException("replaying " + file.getFileName() + " (a host of " + capture.frames() + " frames): " + problem);
                });
        ReplayRun.execute(new ReplayRun.Request(capture, chosen, settings, staticOnly ? List.of() : strategies, dynamic, outDir, String.join(" ", words),
                otherKernel), System.out, System.err);
        return 0;
    }
}
