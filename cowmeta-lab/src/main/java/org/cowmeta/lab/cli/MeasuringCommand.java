package org.cowmeta.lab.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.cowmeta.lab.kernel.KernelCosts;
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

    /** Kernel costs of another machine to project onto as well (only evaluate has the option). */
    KernelCosts otherKernel() {
        return null;
    }

    /** The scenarios asked for (only evaluate and macro have the option). */
    List<String> scenarios() {
        return ScenarioRegistry.names();
    }

    @Override
    public Integer call() throws Exception {
        KernelCosts other = otherKernel(); // a bad file is refused before anything is created
        var out = options.outDir();
        List<String> tables = options.tables();
        List<String> words = new ArrayList<>(List.of("./cowmeta"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        LabRun.execute(new LabRun.Request(options.profile, tables, scenarios(), parts(), out, String.join(" ", words), other),
                System.err);
        return 0;
    }
}
