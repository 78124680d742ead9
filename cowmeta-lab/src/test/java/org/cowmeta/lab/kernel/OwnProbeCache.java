package org.cowmeta.lab.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of a test that builds or runs the kernel probe: a probe-binary cache of its own
 * ({@link #cache}), and after each test both of the probe's properties cleared, so that no
 * test sees another's cache or the missing compiler another one pointed the probe at.
 */
public abstract class OwnProbeCache {
    @TempDir
    protected Path cache;

    @BeforeEach
    void ownCache() {
        System.setProperty(ProbeBinary.CACHE_PROPERTY, cache.toString());
    }

    @AfterEach
    void restoreProbeProperties() {
        System.clearProperty(ProbeBinary.CACHE_PROPERTY);
        System.clearProperty(ProbeBinary.CC_PROPERTY);
    }
}
