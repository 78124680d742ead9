package org.cowmeta.lab.probe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine and JVM a run happened on, for the report (CPU model from /proc/cpuinfo). */
public final class MachineInfo {
    private MachineInfo() {}

    public static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", procField(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        procField(Path.of("/proc/meminfo"), "MemTotal").ifPresent(v -> m.put("memory", v));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        procField(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"), null).ifPresent(v -> m.put("transparentHugepages", v));
        loadAverage().ifPresent(v -> m.put("loadAverageAtStart", v));
        return m;
    }

    public static Map<String, String> jvm() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("vendor", System.getProperty("java.vm.vendor"));
        m.put("home", System.getProperty("java.home"));
        m.put("args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("maxHeap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        return m;
    }

    /** The 1, 5 and 15 minute load averages (a load above the core count means the timings shared the CPUs). */
    public static java.util.Optional<String> loadAverage() {
        return procField(Path.of("/proc/loadavg"), null).map(l -> String.join(" ", java.util.Arrays.asList(l.split(" ")).subList(0, 3)));
    }

    /** The value after "key:" in a /proc-style file, or the whole first line when key is null. */
    static java.util.Optional<String> procField(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (key == null) {
                    return java.util.Optional.of(line.strip());
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the fact is simply missing from the report
        }
        return java.util.Optional.empty();
    }
}
