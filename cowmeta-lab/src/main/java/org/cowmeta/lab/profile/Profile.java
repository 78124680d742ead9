package org.cowmeta.lab.profile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much to measure. {@code quick} keeps every JMH run short and the grid small so that the
 * whole {@code evaluate} finishes in minutes on a 2-core machine; {@code full} is the complete
 * grid for a thesis (hours).
 */
public enum Profile {
    QUICK, FULL;

    /** The name used on the command line and in reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Profile> parse(String s) {
        return Arrays.stream(values()).filter(p -> p.id().equalsIgnoreCase(s.strip())).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
    }
}
