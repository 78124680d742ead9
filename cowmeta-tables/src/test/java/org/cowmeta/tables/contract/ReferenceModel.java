package org.cowmeta.tables.contract;

import java.util.HashMap;
import java.util.Map;

/** The contract in its plainest form: a HashMap of counted frames, absent meaning 1. */
final class ReferenceModel {
    final Map<Long, Long> counts = new HashMap<>();

    long get(long frame) {
        return counts.getOrDefault(frame, 1L);
    }

    long increment(long frame) {
        long c = get(frame) + 1;
        counts.put(frame, c);
        return c;
    }

    long decrement(long frame) {
        Long c = counts.get(frame);
        if (c == null) {
            return 0;
        }
        if (c == 2) {
            counts.remove(frame);
            return 1;
        }
        counts.put(frame, c - 1);
        return c - 1;
    }

    void seed(long frame, long count) {
        if (count == 1) {
            counts.remove(frame);
        } else {
            counts.put(frame, count);
        }
    }

    long entries() {
        return counts.size();
    }
}
