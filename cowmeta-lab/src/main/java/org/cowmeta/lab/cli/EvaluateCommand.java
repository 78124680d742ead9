package org.cowmeta.lab.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.macro.ScenarioRegistry;
import org.cowmeta.lab.run.Part;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: calibration, probe, footprint, micro benchmarks, macro scenarios, tuning sweep, projection, report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "The main job: calibrates against this host's real kernel (cached), measures the hardware unit, every table's footprint, the JMH micro benchmarks, "
                + "the macro scenarios and the tuning sweep of the tables that declare options, projects each table's extra cost onto the real kernel's fault and fork, then writes results/<timestamp>/ with report.html.")
final class EvaluateCommand extends MeasuringCommand {
    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", converter = Converters.ScenarioName.class,
            description = "Macro scenarios to run, comma-separated (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Mixin
    KernelCostsOption kernelCosts = new KernelCostsOption();

    @Override
    KernelCosts otherKernel() {
        return kernelCosts.read();
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
