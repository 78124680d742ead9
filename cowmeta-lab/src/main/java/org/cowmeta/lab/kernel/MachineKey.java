package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a calibration is valid for: the host name, the kernel release ({@code uname -r}) and the
 * CPU model. A kernel update or another machine measures anew; the same machine and kernel reuse
 * the cached figures.
 */
public record MachineKey(String host, String kernel, String cpu) {

    /** This machine's key, from /proc (the JVM's properties where /proc cannot be read). */
    public static MachineKey current() {
        String host = firstLine(Path.of("/proc/sys/kernel/hostname")).orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "unknown"));
        String kernel = firstLine(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version"));
        String cpu = field(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        return new MachineKey(host, kernel, cpu);
    }

    /** "host / release / cpu". */
    public String text() {
        return host + " / " + kernel + " / " + cpu;
    }

    /** A file name for the key: readable host and release, and a digest of the whole key. */
    String fileName() {
        String digest;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest = HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return (host + "-" + kernel).replaceAll("[^A-Za-z0-9._-]", "_") + "-" + digest + ".json";
    }

    private static java.util.Optional<String> firstLine(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            return lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(lines.getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // not Linux: the JVM's property stands in
        }
    }

    private static java.util.Optional<String> field(Path p, String key) {
        try {
            for (String line : Files.readAllLines(p)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's property stands in
        }
        return java.util.Optional.empty();
    }
}
