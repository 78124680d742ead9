package org.cowmeta.vm.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shipped sample capture: tries the {@code cowmeta.samples} property, then, beside
 * every ancestor of the working directory, {@code shared/samples} (the original, outside the
 * repository) and the repository's own copy in {@code cowmeta-tables}' test resources (so a
 * clone without {@code shared/} beside it still runs the tests that need it).
 */
public final class SampleCaptures {
    public static final String REDIS = "redis-small-bgsave.txt.gz";
    private static final Path REPOSITORY_COPIES = Path.of("cowmeta-tables", "src", "test", "resources", "captures");

    private SampleCaptures() {}

    public static Optional<Path> find(String name) {
        String prop = System.getProperty("cowmeta.samples", System.getenv("COWMETA_SAMPLES"));
        if (prop != null && Files.isRegularFile(Path.of(prop, name))) {
            return Optional.of(Path.of(prop, name));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : new Path[] {dir.resolve("shared").resolve("samples").resolve(name),
                    dir.resolve(REPOSITORY_COPIES).resolve(name)}) {
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public static String missing(String name) {
        return "the shipped sample " + name + " is neither in shared/samples nor in " + REPOSITORY_COPIES + " beside any parent of "
                + Path.of("").toAbsolutePath() + " (nor under -Dcowmeta.samples): skipped";
    }
}
