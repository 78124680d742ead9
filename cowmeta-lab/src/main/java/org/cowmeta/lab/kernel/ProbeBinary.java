package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The native kernel probe ({@code kernel-probe.c}, a resource beside this class) compiled with
 * the system's C compiler on first use. The binary is cached under the cache directory, named by
 * a digest of the source and of the compiler's path, so an edited source or another compiler
 * builds anew and a second run builds nothing.
 *
 * <p>The compiler is {@code cc} on {@code PATH}, or what the system property
 * {@value #CC_PROPERTY} names (a path or a command name); the cache directory is
 * {@value #CACHE_PROPERTY}, else {@code $XDG_CACHE_HOME/cowmeta}, else {@code ~/.cache/cowmeta}.
 */
public final class ProbeBinary {
    public static final String CC_PROPERTY = "cowmeta.cc";
    public static final String CACHE_PROPERTY = "cowmeta.cache";
    static final String SOURCE = "kernel-probe.c";

    private ProbeBinary() {}

    /** The compiled probe, built now if the cache does not hold it. */
    public static Path obtain() throws NoCompilerException, IOException {
        String cc = System.getProperty(CC_PROPERTY, "cc");
        Path compiler = resolve(cc);
        if (compiler == null) {
            throw new NoCompilerException(cc);
        }
        return compile(compiler, source(SOURCE), "kernel-probe");
    }

    /** The C compiler a name or path resolves to on this machine, or null when there is none. */
    public static Path compiler() {
        return resolve(System.getProperty(CC_PROPERTY, "cc"));
    }

    /** The resource {@code name} beside this class, as text. */
    static String source(String name) throws IOException {
        try (InputStream in = ProbeBinary.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the class path (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code source} compiled with {@code compiler} into the cache, named {@code stem}-digest; reused when present. */
    public static Path compile(Path compiler, String source, String stem) throws IOException {
        Path dir = cacheDir().resolve("bin");
        Files.createDirectories(dir);
        Path binary = dir.resolve(stem + "-" + digest(source + "\0" + compiler));
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path src = Files.createTempFile(dir, stem, ".c");
        Path tmp = Files.createTempFile(dir, stem, ".bin");
        try {
            Files.writeString(src, source);
            Process p = new ProcessBuilder(List.of(compiler.toString(), "-O2", "-o", tmp.toString(), src.toString()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(compiler + " did not compile " + stem + " within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(compiler + " failed to compile " + stem + ": " + out.strip());
            }
            // Atomic, so a concurrent run sees either no binary or a whole one.
            Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return binary;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling " + stem, e);
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(tmp);
        }
    }

    /** Where binaries and calibrations are cached. */
    public static Path cacheDir() {
        String p = System.getProperty(CACHE_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "cowmeta");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "cowmeta");
    }

    private static Path resolve(String cc) {
        if (cc.isBlank()) {
            return null;
        }
        if (cc.contains("/")) {
            Path p = Path.of(cc);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? p.toAbsolutePath() : null;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, cc);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        return null;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
