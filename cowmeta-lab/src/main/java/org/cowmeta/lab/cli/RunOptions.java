package org.cowmeta.lab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.tables.registry.TableRegistry;
import picocli.CommandLine.Option;

/** Options every measuring command shares: the profile, the tables, and where results go. */
final class RunOptions {
    @Option(names = "--profile", paramLabel = "quick|full", converter = Converters.ProfileName.class,
            description = "quick: a reduced grid that finishes in minutes (default); full: the complete grid for a thesis.")
    Profile profile = Profile.QUICK;

    @Option(names = "--tables", split = ",", paramLabel = "NAME", converter = Converters.TableName.class,
            description = "Tables to measure, comma-separated (default: every registered table).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Parent directory of the results; each run writes DIR/<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("results");

    /** The tables asked for, or all registered ones, in registry order. */
    List<String> tables() {
        List<String> all = TableRegistry.names();
        if (tables.isEmpty()) {
            if (all.isEmpty()) {
                throw new UsageException("no tables are registered, so there is nothing to measure");
            }
            return all;
        }
        return all.stream().filter(tables::contains).toList();
    }

    /** The results parent directory, created if needed; a usage error if it cannot be written. */
    Path outDir() {
        Path dir = out.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("cannot write results under '" + out + "': it is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new UsageException("cannot create the results directory '" + out + "': " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("cannot write results under '" + out + "': the directory is not writable");
        }
        return dir;
    }
}
