package org.cowmeta.lab.cli;

import java.util.EnumSet;
import java.util.List;
import org.cowmeta.lab.run.Part;
import picocli.CommandLine.Command;

/** Only the JMH micro benchmarks (after the probe). */
@Command(name = "micro", mixinStandardHelpOptions = true,
        description = "Measures the hardware unit and runs the JMH micro benchmarks over the tables, then writes the report.")
final class MicroCommand extends MeasuringCommand {
    @Override
    EnumSet<Part> parts() {
        return EnumSet.of(Part.MICRO);
    }

    @Override
    List<String> scenarios() {
        return List.of();
    }
}
