package org.cowmeta.lab.cli;

import java.util.EnumSet;
import java.util.List;
import org.cowmeta.lab.run.Part;
import org.cowmeta.lab.tuning.Tunables;
import picocli.CommandLine.Command;

/** Only the tuning sweep (after the probe). */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Measures the hardware unit, then sweeps each tunable table's declared options (compact: loadFactor "
                + "0.5..0.95, inlineBits 4..12) one at a time at a fixed size (2^20 counted frames in quick, 2^22 in full): "
                + "time of get hit, get miss, increment+decrement and insert+remove, bytes per counted frame and cache lines "
                + "per call; writes the curves and the chosen defaults to report.html.")
final class TuneCommand extends MeasuringCommand {
    @Override
    EnumSet<Part> parts() {
        return EnumSet.of(Part.TUNING);
    }

    @Override
    List<String> scenarios() {
        return List.of();
    }

    @Override
    public Integer call() throws Exception {
        if (Tunables.tunable(options.tables()).isEmpty()) {
            throw new UsageException("none of the tables asked for declares tunable options; compact does");
        }
        return super.call();
    }
}
