package org.cowmeta.lab.micro;

import java.util.List;
import org.cowmeta.lab.run.Profile;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH's repetitions per profile and the flags of every benchmark fork (the same flags the
 * launcher gives the lab: native access for off-heap tables, the Vector API for the compact
 * tables' bucket scan, the heap in transparent huge pages as off-heap tables are (so that every
 * table is measured without TLB misses, as in the kernel's direct map), the parallel collector,
 * a heap big enough for 2^24 boxed entries of the peer maps).
 *
 * <p>{@code rounds} is the number of measurements of every configuration, each in a JVM of its
 * own, run in interleaved rounds ({@link RoundSchedule}); a round is the unit a ratio's interval
 * is computed over, so it is the figure that buys certainty: forks of the same code differ by up
 * to 2x here (JIT and memory placement), far more than iterations inside one fork do. Six is the
 * fewest with which a Hodges–Lehmann interval reaches 95%; eight let one disturbed round move it
 * less. Within a fork the warm-up stays JMH's: iterations until the JIT has compiled the path,
 * then a few short measurement iterations, whose median is the round's figure.
 */
public record JmhSettings(int rounds, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                          TimeValue measurementTime, List<String> jvmArgs) {

    public static JmhSettings of(Profile profile) {
        return switch (profile) {
            case QUICK -> new JmhSettings(8, 3, TimeValue.milliseconds(100), 3, TimeValue.milliseconds(100),
                    flags("-Xms1g", "-Xmx2g"));
            case FULL -> new JmhSettings(10, 4, TimeValue.milliseconds(500), 5, TimeValue.milliseconds(500),
                    flags("-Xms3g", "-Xmx3g"));
        };
    }

    private static List<String> flags(String xms, String xmx) {
        return List.of(xms, xmx, "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-XX:+EnableDynamicAgentLoading", "-Djava.awt.headless=true");
    }

    public String describe() {
        return rounds + " rounds, 1 JVM per table and round, " + warmupIterations + " x " + warmupTime + " warm-up, "
                + measurementIterations + " x " + measurementTime + " measurement";
    }
}
