package org.cowmeta.tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to build a table: the physical memory it serves (frames; the dense table is sized by it),
 * the expected number of counted frames (a sizing hint, 0 for the design's default), a seed for
 * every random choice the design makes (hash seeds), and design-specific options by name
 * (e.g. "automaticShrinking=true", "loadFactor=0.75").
 */
public record TableConfig(long physicalFrames, long expectedEntries, long seed, Map<String, String> options) {

    public TableConfig {
        if (physicalFrames <= 0 || physicalFrames > Frames.LIMIT) {
            throw new IllegalArgumentException("physical memory must be 1 to 2^40 frames, not " + physicalFrames);
        }
        if (expectedEntries < 0) {
            throw new IllegalArgumentException("expected entries must not be negative: " + expectedEntries);
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static TableConfig of(long physicalFrames) {
        return new TableConfig(physicalFrames, 0, 0x5eed_c0ffeeL, Map.of());
    }

    public TableConfig withExpectedEntries(long n) {
        return new TableConfig(physicalFrames, n, seed, options);
    }

    public TableConfig withSeed(long s) {
        return new TableConfig(physicalFrames, expectedEntries, s, options);
    }

    public TableConfig withOption(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put(key, value);
        return new TableConfig(physicalFrames, expectedEntries, seed, m);
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    public boolean booleanOption(String key, boolean fallback) {
        String v = options.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }

    public double doubleOption(String key, double fallback) {
        String v = options.get(key);
        return v == null ? fallback : Double.parseDouble(v);
    }

    public long longOption(String key, long fallback) {
        String v = options.get(key);
        return v == null ? fallback : Long.parseLong(v);
    }
}
