package org.cowmeta.lab.fork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVMs the lab starts to measure in (micro benchmark workers, macro scenario workers): this
 * JVM's java and class path, and the flags every measured JVM gets, the same the launcher gives
 * the lab: native access for the off-heap tables, the Vector API for compact's bucket scan, the
 * heap in transparent huge pages as the off-heap tables are (every table measured without TLB
 * misses, as in the kernel's direct map), the parallel collector, and the committed heap
 * touched at start ({@code AlwaysPreTouch}).
 *
 * <p>Why touch the heap first: a table that allocates as it runs (a page-table copy on
 * {@code clustered} makes new area records, rhashtable a counter object per insert) otherwise
 * takes the page faults of eden's first pass inside its measured iterations. In a virtual machine
 * whose memory the host backs on first use, one huge-page fault of never-used memory cost
 * milliseconds, and forks of the same page-table benchmark split into two populations (about
 * 7 and 17-21 µs per call) by how much of eden the fill had already touched. The kernel's
 * allocators hand out memory that is already mapped, so the fault is the JVM's cost, not the
 * table's; paid at start it is paid once per JVM, outside every measurement.
 */
public final class ForkedJvm {
    /** Flags of every measured JVM, before its heap size. */
    public static final List<String> FLAGS = List.of("-XX:+UseParallelGC", "-XX:+UseTransparentHugePages",
            "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-XX:+EnableDynamicAgentLoading", "-Djava.awt.headless=true",
            "-XX:+AlwaysPreTouch");

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
