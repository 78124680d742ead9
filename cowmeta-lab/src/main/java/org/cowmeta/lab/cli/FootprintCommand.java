package org.cowmeta.lab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cowmeta.lab.run.FootprintMeasure;
import org.cowmeta.tables.registry.FootprintSurvey;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.registry.SurveyMemory;
import org.cowmeta.tables.registry.TableRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints modeled and JVM bytes per counted frame for N random counted frames per table, measured at rest. */
@Command(name = "footprint", mixinStandardHelpOptions = true,
        description = "Fills each table with N random counted frames and prints modeled (kernel) and JVM bytes per "
                + "counted frame, and the modeled metadata as a share of memory beside struct page's 1.5625%%.")
final class FootprintCommand implements Callable<Integer> {
    @Option(names = "--tables", split = ",", paramLabel = "NAME", converter = Converters.TableName.class,
            description = "Tables, comma-separated (default: all).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--frames", paramLabel = "N", description = "Counted frames per table (default: ${DEFAULT-VALUE}).")
    long frames = 100_000;

    @Option(names = "--memory-gib", paramLabel = "GIB", description = "Simulated memory the frames are drawn from (default: ${DEFAULT-VALUE}).")
    long memoryGib = 16;

    @Option(names = "--seed", description = "Seed of the random frames (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Override
    public Integer call() {
        if (memoryGib < 1 || memoryGib > (Frames.LIMIT >> 18)) {
            throw new UsageException("--memory-gib must be between 1 and " + (Frames.LIMIT >> 18) + ", not " + memoryGib);
        }
        long memoryFrames = memoryGib << 18;
        if (frames < 1 || frames > memoryFrames) {
            throw new UsageException("--frames must be between 1 and the " + memoryFrames + " frames of " + memoryGib + " GiB, not " + frames);
        }
        List<String> names = tables.isEmpty() ? TableRegistry.names() : TableRegistry.names().stream().filter(tables::contains).toList();
        if (names.isEmpty()) {
            throw new UsageException("no tables are registered, so there is nothing to measure");
        }
        SurveyMemory.check(names.stream().map(TableRegistry::get).toList(), frames, memoryFrames, seed).ifPresent(problem -> {
            throw new UsageException(problem);
        });
        System.out.printf(Locale.ROOT, "%-22s %12s %14s %12s %14s%n", "table", "counted", "modeled B/frame", "JVM B/frame", "share of memory");
        for (FootprintSurvey.Row l : FootprintMeasure.measure(names, frames, memoryFrames, seed)) {
            System.out.printf(Locale.ROOT, "%-22s %12d %15.1f %12.1f %13.4f%%%n", l.table(), l.entries(), l.modeledPerFrame(),
                    l.jvmPerFrame(), 100 * l.modeledShareOfMemory());
        }
        System.out.printf(Locale.ROOT, "%-22s %12s %15.1f %12s %13.4f%%%n", "(struct page)", "every frame",
                (double) Frames.STRUCT_PAGE_BYTES, "", 100.0 * Frames.STRUCT_PAGE_BYTES / Frames.PAGE_SIZE);
        return 0;
    }
}
