package org.cowmeta.tables.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FootprintSurveyTest {

    @Test
    void everyTableGetsARowWithAllItsEntries() {
        List<FootprintSurvey.Row> rows = FootprintSurvey.survey(5_000, 1 << 15, 7);
        assertEquals(TableRegistry.names(), rows.stream().map(FootprintSurvey.Row::table).toList());
        for (FootprintSurvey.Row r : rows) {
            assertEquals(5_000, r.entries(), r.table());
            assertTrue(r.modeledPerFrame() > 0 && r.jvmPerFrame() > 0, r.toString());
        }
        FootprintSurvey.Row dense = rows.stream().filter(r -> r.table().equals("dense")).findFirst().orElseThrow();
        // struct page: 64 B per physical frame, 1.5625% of memory, whatever is counted.
        assertEquals(64.0 * (1 << 15) / 5_000, dense.modeledPerFrame(), 1e-9);
        assertEquals(0.015625, dense.modeledShareOfMemory(), 1e-12);
        String table = FootprintSurvey.format(rows);
        for (String name : TableRegistry.names()) {
            assertTrue(table.contains(name), table);
        }
    }

    @Test
    void framesAreDistinctAndInRange() {
        long[] frames = FootprintSurvey.distinctFrames(10_000, 12_000, 3);
        assertEquals(10_000, Arrays.stream(frames).distinct().count());
        assertTrue(Arrays.stream(frames).allMatch(f -> f >= 0 && f < 12_000));
        assertEquals(1L << 22, FootprintSurvey.defaultPhysicalFrames(1_000_000));
    }
}
