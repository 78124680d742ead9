package org.cowmeta.lab.macro;

import java.util.ArrayList;
import java.util.List;
import org.cowmeta.vm.fork.ForkStrategies;

/** The full profile's sweeps around a scenario's base parameters, one knob at a time. */
final class Sweeps {
    private Sweeps() {}

    static List<ScenarioParams> full(ScenarioParams base) {
        List<ScenarioParams> out = new ArrayList<>();
        out.add(base);
        for (String s : ForkStrategies.names()) {
            out.add(base.withStrategy(s));
        }
        for (String pattern : AccessPattern.NAMES) {
            out.add(base.withPattern(pattern));
        }
        for (double w : new double[] {0.1, 0.5, 1.0}) {
            out.add(base.withWriteFraction(w));
        }
        for (int t : new int[] {1, 2, 4}) {
            out.add(base.withThreads(t));
        }
        for (long mib : new long[] {256, base.memoryMiB() * 4}) {
            out.add(base.withMemoryMiB(mib));
        }
        return out.stream().distinct().toList();
    }
}
