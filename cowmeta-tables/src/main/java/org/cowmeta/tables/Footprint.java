package org.cowmeta.tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Memory a table occupies, twice over: <i>modeled</i> bytes (what the structure would take in
 * the kernel: x86-64 C layout, kmalloc size classes, vmalloc pages) and <i>JVM</i> bytes (what
 * it takes in this JVM: segments, arrays, objects). Each is split by part, e.g. "buckets",
 * "objects", "overflow"; the totals are the sums of the parts.
 */
public record Footprint(Map<String, Long> modeledParts, Map<String, Long> jvmParts) {

    public Footprint {
        modeledParts = Collections.unmodifiableMap(new LinkedHashMap<>(modeledParts));
        jvmParts = Collections.unmodifiableMap(new LinkedHashMap<>(jvmParts));
    }

    public long modeledBytes() {
        return modeledParts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long jvmBytes() {
        return jvmParts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Modeled bytes per counted frame; NaN for an empty table. */
    public double modeledPerEntry(long entries) {
        return entries == 0 ? Double.NaN : (double) modeledBytes() / entries;
    }

    public double jvmPerEntry(long entries) {
        return entries == 0 ? Double.NaN : (double) jvmBytes() / entries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Long> modeled = new LinkedHashMap<>();
        private final Map<String, Long> jvm = new LinkedHashMap<>();

        public Builder modeled(String part, long bytes) {
            modeled.merge(part, bytes, Long::sum);
            return this;
        }

        public Builder jvm(String part, long bytes) {
            jvm.merge(part, bytes, Long::sum);
            return this;
        }

        public Footprint build() {
            return new Footprint(modeled, jvm);
        }
    }
}
