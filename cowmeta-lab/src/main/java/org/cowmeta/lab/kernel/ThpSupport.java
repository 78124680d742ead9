package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this host can back the probe's THP region with transparent huge pages, and why not:
 * the kernel's mode in /sys/kernel/mm/transparent_hugepage/enabled ("always", "madvise" — the
 * probe asks with MADV_HUGEPAGE — or "never", the chosen one in brackets). Without THP the THP
 * run would measure 4 KiB pages under another name, so its figures are left out instead.
 */
public final class ThpSupport {
    public static final Path ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private ThpSupport() {}

    /** Empty when THP can be used; else the one sentence (without its period) that says why not. */
    public static Optional<String> unavailable(Path enabled) {
        String mode;
        try {
            mode = Files.readString(enabled).strip();
        } catch (IOException | RuntimeException e) {
            return Optional.of("this kernel offers no transparent huge pages (" + enabled + " cannot be read), so the THP figures "
                    + "are left out");
        }
        if (mode.contains("[never]")) {
            return Optional.of("transparent huge pages are disabled on this host ([never] in " + enabled + "), so the THP "
                    + "figures are left out");
        }
        return Optional.empty();
    }

    /**
     * The sentence for a THP run whose region the kernel backed mostly with 4 KiB pages anyway
     * (no free huge pages, khugepaged not done), or empty when at least half was huge.
     */
    static Optional<String> tooFewHugePages(double fraction) {
        if (!Double.isFinite(fraction) || fraction >= 0.5) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "only %.0f%% of the THP region was backed by huge pages "
                + "(AnonHugePages / Rss), so the THP figures are left out", 100 * fraction));
    }
}
