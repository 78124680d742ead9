package org.cowmeta.lab.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.cowmeta.lab.macro.ScenarioRegistry;
import org.cowmeta.lab.run.Part;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Only the macro scenarios on the simulator (after the probe). */
@Command(name = "macro", mixinStandardHelpOptions = true,
        description = "Measures the hardware unit and runs the macro scenarios on the simulator over the tables, then writes the report.")
final class MacroCommand extends MeasuringCommand {
    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", converter = Converters.ScenarioName.class,
            description = "Scenarios to run, comma-separated (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Override
    EnumSet<Part> parts() {
        return EnumSet.of(Part.MACRO);
    }

    @Override
    List<String> scenarios() {
        return scenarios.isEmpty() ? ScenarioRegistry.names() : scenarios;
    }
}
