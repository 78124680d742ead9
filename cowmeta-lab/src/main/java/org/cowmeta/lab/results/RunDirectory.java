package org.cowmeta.lab.results;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where one run writes its results: {@code <parent>/<name>.partial} while it runs, renamed to
 * {@code <parent>/<name>} in one step when it is complete. So a results directory appears whole
 * or not at all: a run that is killed leaves only a {@code .partial} directory, which the next run
 * reports and {@code cowmeta report} refuses.
 */
public final class RunDirectory {
    public static final String PARTIAL = ".partial";

    private final Path partial;
    private final Path complete;

    private RunDirectory(Path partial, Path complete) {
        this.partial = partial;
        this.complete = complete;
    }

    /** A new run directory {@code <parent>/<name>} (or {@code <name>-2}, ... when taken), created as {@code .partial}. */
    public static RunDirectory create(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        String n = name;
        for (int i = 2; Files.exists(parent.resolve(n)) || Files.exists(parent.resolve(n + PARTIAL)); i++) {
            n = name + "-" + i;
        }
        Path complete = parent.resolve(n);
        return new RunDirectory(Files.createDirectories(parent.resolve(n + PARTIAL)), complete);
    }

    /** The directory to write into while the run goes on. */
    public Path path() {
        return partial;
    }

    /** The name the results will have once complete. */
    public Path finalPath() {
        return complete;
    }

    /** Renames the finished directory into place in one step; returns its final path. */
    public Path commit() throws IOException {
        try {
            Files.move(partial, complete, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, complete);
        }
        return complete;
    }

    /** Whether {@code dir} is the unfinished directory of a run that did not complete. */
    public static boolean isPartial(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name != null && name.toString().endsWith(PARTIAL);
    }

    /** The unfinished run directories under {@code parent} (a killed run leaves one). */
    public static List<Path> unfinished(Path parent) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return out;
        }
        try (Stream<Path> s = Files.list(parent)) {
            s.filter(p -> Files.isDirectory(p) && isPartial(p)).sorted().forEach(out::add);
        } catch (IOException e) {
            // unreadable: nothing to report
        }
        return out;
    }
}
