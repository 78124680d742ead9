package org.cowmeta.lab.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.cowmeta.lab.macro.ScenarioRegistry;
import org.cowmeta.lab.run.LabRun;
import org.cowmeta.lab.run.Part;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What evaluate, micro and macro share: options, validation, and handing a request to {@link LabRun}. */
abstract class MeasuringCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    /** The parts this command runs. */
    abstract EnumSet<Part> parts();

    /** The scenarios asked for (only evaluate and macro have the option). */
    List<String> scenarios() {
        return ScenarioRegistry.names();
    }

    @Override
    public Integer call() throws Exception {
        var out = options.outDir();
        List<String> tables = options.tables();
        List<String> words = new ArrayList<>(List.of("./cowmeta"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        LabRun.execute(new LabRun.Request(options.profile, tables, scenarios(), parts(), out, String.join(" ", words)),
                System.err);
        return 0;
    }
}
