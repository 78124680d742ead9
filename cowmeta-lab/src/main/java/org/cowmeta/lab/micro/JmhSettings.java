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
 */
public record JmhSettings(int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                          TimeValue measurementTime, List<String> jvmArgs) {

    public static JmhSettings of(Profile profile) {
        return switch (profile) {
            case QUICK -> new JmhSettings(1, 2, TimeValue.milliseconds(400), 3, TimeValue.milliseconds(400),
                    flags("-Xms1g", "-Xmx2g"));
            case FULL -> new JmhSettings(2, 5, TimeValue.seconds(1), 5, TimeValue.seconds(1),
                    flags("-Xms3g", "-Xmx3g"));
        };
    }

    private static List<String> flags(String xms, String xmx) {
        return List.of(xms, xmx, "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-XX:+EnableDynamicAgentLoading", "-Djava.awt.headless=true");
    }

    public String describe() {
        return forks + " fork(s), " + warmupIterations + " x " + warmupTime + " warm-up, "
                + measurementIterations + " x " + measurementTime + " measurement";
    }
}
