package org.cowmeta.tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a table reports of its shape: entries, capacity (buckets or slots), resizes done and
 * whether one is in progress, the mean and longest chain or probe (in entries visited by a hit),
 * and design-specific figures in {@code extra} (e.g. "emergencyRehashes", "splits").
 */
public record TableStats(long entries, long capacity, long resizes, boolean resizeInProgress,
                         double meanProbe, long maxProbe, Map<String, Long> extra) {

    public TableStats {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** entries / capacity, the load factor (0 when capacity is 0). */
    public double load() {
        return capacity == 0 ? 0 : (double) entries / capacity;
    }
}
