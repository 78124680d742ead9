package org.cowmeta.lab.kernel;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The entry point of a JVM that runs {@link SimulatedCosts} for one table, so that the
 * simulator's paths are compiled for that table alone (as the macro scenarios' workers are).
 * Prints one line per figure: its id and the value of every round, comma-separated.
 *
 * <pre>java ... org.cowmeta.lab.kernel.SimulatedCostsWorker TABLE MIB ROUNDS</pre>
 */
public final class SimulatedCostsWorker {
    private SimulatedCostsWorker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SimulatedCostsWorker TABLE MIB ROUNDS");
            System.exit(2);
        }
        Map<KernelFigure, List<Double>> v = SimulatedCosts.measureRounds(args[0], Long.parseLong(args[1]), Integer.parseInt(args[2]));
        v.forEach((f, x) -> System.out.println(f.id() + " " + x.stream().map(d -> Double.toString(d)).collect(Collectors.joining(","))));
        System.out.flush();
    }
}
