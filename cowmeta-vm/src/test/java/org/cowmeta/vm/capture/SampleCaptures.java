package org.cowmeta.vm.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shipped sample capture, which lives outside the repository in {@code shared/samples}
 * beside the clone (CI puts {@code shared/} next to it; worktrees sit deeper): tries the
 * {@code cowmeta.samples} property, then {@code shared/samples} beside every ancestor of the
 * working directory.
 */
public final class SampleCaptures {
    public static final String REDIS = "redis-small-bgsave.txt.gz";

    private SampleCaptures() {}

    public static Optional<Path> find(String name) {
        String prop = System.getProperty("cowmeta.samples", System.getenv("COWMETA_SAMPLES"));
        if (prop != null && Files.isRegularFile(Path.of(prop, name))) {
            return Optional.of(Path.of(prop, name));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("samples").resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static String missing(String name) {
        return "the shipped sample " + name + " is not in shared/samples beside any parent of "
                + Path.of("").toAbsolutePath() + " (nor under -Dcowmeta.samples): skipped";
    }
}
