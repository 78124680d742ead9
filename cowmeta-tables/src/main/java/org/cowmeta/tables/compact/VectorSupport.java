package org.cowmeta.tables.compact;

import java.util.Optional;

/**
 * Whether {@link VectorBucketScan} can run in this JVM, decided without linking it where it
 * cannot: its class refers to {@code jdk.incubator.vector}, which is only present when the JVM
 * was started with {@code --add-modules jdk.incubator.vector}, so it is only ever loaded by name
 * after the module was found.
 */
final class VectorSupport {
    private static final String MODULE = "jdk.incubator.vector";
    private static final String SCAN = "org.cowmeta.tables.compact.VectorBucketScan";
    private static final Optional<BucketScan> SHARED = load();

    private VectorSupport() {}

    static boolean usable() {
        return SHARED.isPresent();
    }

    /** The vector scan (stateless, so one serves every table). */
    static BucketScan scan() {
        return SHARED.orElseThrow();
    }

    /** Why the vector scan is not usable, for error messages. */
    static String why() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "this JVM was started without " + MODULE;
        }
        return "this CPU offers neither 256- nor 512-bit vectors";
    }

    private static Optional<BucketScan> load() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((BucketScan) Class.forName(SCAN).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty(); // the constructor refuses vectors of other widths
        }
    }
}
