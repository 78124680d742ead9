package org.cowmeta.lab.fork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVMs the lab starts to measure in (micro benchmark workers, macro scenario workers): this
 * JVM's java and class path, and the flags every measured JVM gets, the same the launcher gives
 * the lab: native access for the off-heap tables, the Vector API for compact's bucket scan, the
 * heap in transparent huge pages as the off-heap tables are (every table measured without TLB
 * misses, as in the kernel's direct map), the parallel collector.
 */
public final class ForkedJvm {
    /** Flags of every measured JVM, before its heap size. */
    public static final List<String> FLAGS = List.of("-XX:+UseParallelGC", "-XX:+UseTransparentHugePages",
            "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-XX:+EnableDynamicAgentLoading", "-Djava.awt.headless=true");

    private ForkedJvm() {}

    /** {@code heap} (e.g. -Xms1g -Xmx2g) then {@link #FLAGS}. */
    public static List<String> flags(String... heap) {
        List<String> out = new ArrayList<>(List.of(heap));
        out.addAll(FLAGS);
        return List.copyOf(out);
    }

    /** The command that runs {@code main} with {@code args} in a JVM with {@code jvmArgs}. */
    public static List<String> command(List<String> jvmArgs, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }
}
