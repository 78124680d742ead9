package org.cowmeta.lab.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cowmeta.lab.report.ResultRow;
import org.cowmeta.lab.report.ResultSink;
import org.cowmeta.tables.Footprint;
import org.cowmeta.tables.Frames;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableRegistry;

/**
 * Bytes per counted frame: fills each table (default sizing, so growth policy shows) with
 * {@code counted} distinct random frames of a memory of {@code memoryFrames} frames and reads
 * its {@link Footprint}: modeled bytes and JVM bytes per counted frame, and the modeled bytes
 * as a share of the memory, beside struct page's 64 bytes per frame (1.5625%).
 */
public final class FootprintMeasure {
    public static final String SECTION = "footprint";

    private FootprintMeasure() {}

    public record Line(String table, long counted, long memoryFrames, double modeledPerEntry, double jvmPerEntry,
                       double modeledShare, Map<String, Long> modeledParts) {}

    public static Line measure(String table, long counted, long memoryFrames, long seed) {
        if (counted < 1 || counted > memoryFrames || memoryFrames > Frames.LIMIT) {
            throw new IllegalArgumentException("need 1 <= counted <= memory frames <= 2^40");
        }
        TableConfig config = TableConfig.of(memoryFrames).withSeed(seed);
        try (RefCountTable t = TableRegistry.create(table, config)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            while (t.entries() < counted) {
                long f = rnd.nextLong(memoryFrames);
                if (t.get(f) == 1) {
                    t.increment(f);
                }
            }
            Footprint fp = t.footprint();
            long n = t.entries();
            return new Line(table, n, memoryFrames, fp.modeledPerEntry(n), fp.jvmPerEntry(n),
                    fp.modeledBytes() / (memoryFrames * (double) Frames.PAGE_SIZE), fp.modeledParts());
        }
    }

    /** Measures every table and adds rows (bytesPerEntry modeled and jvm, share of memory). */
    public static List<Line> measureAll(List<String> tables, long counted, long memoryFrames, long seed, ResultSink sink) {
        return tables.stream().map(name -> {
            Line l = measure(name, counted, memoryFrames, seed);
            Map<String, String> p = new LinkedHashMap<>();
            p.put("counted", Long.toString(l.counted()));
            p.put("memoryFrames", Long.toString(memoryFrames));
            sink.add(ResultRow.of(SECTION, name, "fill", p, "modeledBytesPerEntry", l.modeledPerEntry(), "B"));
            sink.add(ResultRow.of(SECTION, name, "fill", p, "jvmBytesPerEntry", l.jvmPerEntry(), "B"));
            sink.add(ResultRow.of(SECTION, name, "fill", p, "modeledShareOfMemory", 100 * l.modeledShare(), "%"));
            return l;
        }).toList();
    }
}
