package org.cowmeta.vm.memory;

/**
 * What a simulated data frame holds. {@link #FULL}: real 4 KiB of contents, so a COW page copy
 * is a real 4 KiB copy. {@link #TAGGED}: one 64-bit tag per frame, so that a terabyte of
 * simulated memory (2^28 frames) fits a small machine; a page copy copies the tag. Page tables
 * hold real 512-entry contents in both modes.
 */
public enum ContentMode {
    FULL,
    TAGGED;

    /** The mode named {@code name} ("full" or "tagged", any case). */
    public static ContentMode of(String name) {
        for (ContentMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown content mode '" + name + "'; known modes: full, tagged");
    }
}
