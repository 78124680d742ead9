package org.cowmeta.vm.capture.replay;

import java.util.HashMap;
import java.util.Map;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableStats;

/** A trivially correct table for testing replay logic independently of the real designs. */
final class MapTable implements RefCountTable {
    private final Map<Long, Long> counts = new HashMap<>();

    @Override
    public synchronized long get(long frame) {
        return counts.getOrDefault(Frames.check(frame), 1L);
    }

    @Override
    public synchronized long increment(long frame) {
        return counts.merge(Frames.check(frame), 2L, (a, b) -> a + 1);
    }

    @Override
    public synchronized long decrement(long frame) {
        Long c = counts.get(Frames.check(frame));
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

    @Override
    public synchronized void seed(long frame, long count) {
        if (count <= 1) {
            counts.remove(Frames.check(frame));
        } else {
            counts.put(Frames.check(frame), count);
        }
    }

    @Override
    public synchronized long entries() {
        return counts.size();
    }

    @Override
    public synchronized Footprint footprint() {
        return Footprint.builder().modeled("entries", 24L * counts.size()).jvm("entries", 64L * counts.size()).build();
    }

    @Override
    public TableStats stats() {
        return new TableStats(entries(), 0, 0, false, 0, 0, Map.of());
    }

    @Override
    public void trace(Op op, long frame, AccessTrace trace) {
        trace.load(frame * 64, 8);
    }

    @Override
    public void close() {}
}
