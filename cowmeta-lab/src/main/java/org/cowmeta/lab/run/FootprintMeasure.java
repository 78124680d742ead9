package org.cowmeta.lab.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.ResultSink;
import org.cowmeta.tables.registry.DensitySurvey;
import org.cowmeta.tables.registry.FootprintSurvey;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * Bytes per counted frame as rows of a run: {@link FootprintSurvey} fills each table (default
 * sizing, so its growth policy shows) with the same distinct random frames of a memory of
 * {@code memoryFrames} frames and reads its footprint once any resize has finished. Rows:
 * modeled and JVM bytes per counted frame, and the modeled bytes as a share of the memory,
 * beside struct page's 64 bytes per frame (1.5625%).
 */
public final class FootprintMeasure {
    public static final String SECTION = "footprint";
    /** Rows of the {@link DensitySurvey}: bytes per counted frame against counted frames per 2 MiB area. */
    public static final String DENSITY_SECTION = "density";

    private FootprintMeasure() {}

    /** Measures {@code tables} and returns the survey's rows. */
    public static List<FootprintSurvey.Row> measure(List<String> tables, long counted, long memoryFrames, long seed) {
        return FootprintSurvey.survey(tables.stream().map(TableRegistry::get).toList(), counted, memoryFrames, seed);
    }

    /** Measures every table and adds rows (bytesPerEntry modeled and jvm, share of memory). */
    public static List<FootprintSurvey.Row> measureAll(List<String> tables, long counted, long memoryFrames, long seed,
                                                       ResultSink sink) {
        List<FootprintSurvey.Row> rows = measure(tables, counted, memoryFrames, seed);
        for (FootprintSurvey.Row l : rows) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("counted", Long.toString(l.entries()));
            p.put("memoryFrames", Long.toString(memoryFrames));
            sink.add(ResultRow.of(SECTION, l.table(), "fill", p, "modeledBytesPerEntry", l.modeledPerFrame(), "B"));
            sink.add(ResultRow.of(SECTION, l.table(), "fill", p, "jvmBytesPerEntry", l.jvmPerFrame(), "B"));
            sink.add(ResultRow.of(SECTION, l.table(), "fill", p, "modeledShareOfMemory", 100 * l.modeledShareOfMemory(), "%"));
        }
        return rows;
    }

    /**
     * Surveys {@code tables} at every density of {@link DensitySurvey#DENSITIES} with
     * {@code counted} counted frames and adds rows (modeled and JVM bytes per counted frame, one
     * pair per table and density).
     */
    public static void measureDensity(List<String> tables, long counted, long seed, ResultSink sink) {
        for (DensitySurvey.Row r : DensitySurvey.survey(tables.stream().map(TableRegistry::get).toList(), counted, seed)) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("framesPerArea", Integer.toString(r.framesPerArea()));
            p.put("counted", Long.toString(r.entries()));
            p.put("memoryFrames", Long.toString(r.physicalFrames()));
            sink.add(ResultRow.of(DENSITY_SECTION, r.table(), "density", p, "modeledBytesPerEntry", r.modeledPerFrame(), "B"));
            sink.add(ResultRow.of(DENSITY_SECTION, r.table(), "density", p, "jvmBytesPerEntry", r.jvmPerFrame(), "B"));
        }
    }
}
