package org.cowmeta.lab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelCostsJson;
import org.cowmeta.lab.macro.ScenarioRegistry;
import org.cowmeta.lab.run.Part;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job: calibration, probe, footprint, micro benchmarks, macro scenarios, tuning sweep, projection, report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "The main job: calibrates against this host's real kernel (cached), measures the hardware unit, every table's footprint, the JMH micro benchmarks, "
                + "the macro scenarios and the tuning sweep of the tables that declare options, projects each table's extra cost onto the real kernel's fault and fork, then writes results/<timestamp>/ with report.html.")
final class EvaluateCommand extends MeasuringCommand {
    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", converter = Converters.ScenarioName.class,
            description = "Macro scenarios to run, comma-separated (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--kernel-costs", paramLabel = "FILE",
            description = "Also project onto another machine's kernel: a JSON file as 'cowmeta calibrate' stores (or "
                    + "{\"figures\": {\"cowFault\": NS, \"reuseFault\": NS, \"forkPerPage\": NS}}).")
    Path kernelCosts;

    @Override
    KernelCosts otherKernel() {
        if (kernelCosts == null) {
            return null;
        }
        try {
            return KernelCostsJson.read(kernelCosts);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    EnumSet<Part> parts() {
        return EnumSet.allOf(Part.class);
    }

    @Override
    List<String> scenarios() {
        return scenarios.isEmpty() ? ScenarioRegistry.names() : scenarios;
    }
}
