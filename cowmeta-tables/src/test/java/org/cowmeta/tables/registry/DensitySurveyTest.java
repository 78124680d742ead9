package org.cowmeta.tables.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cowmeta.tables.Frames;
import org.junit.jupiter.api.Test;

class DensitySurveyTest {

    @Test
    void everyDensityHasExactlyItsFramesPerAreaAndNoRepeats() {
        long counted = 4 * Frames.AREA_FRAMES;
        for (int density : DensitySurvey.DENSITIES) {
            long[] frames = DensitySurvey.frames(counted, density, 7);
            assertEquals(counted, frames.length);
            Set<Long> distinct = new HashSet<>();
            Map<Long, Integer> perArea = new HashMap<>();
            for (long f : frames) {
                assertTrue(f >= 0 && f < DensitySurvey.physicalFrames(counted), "frame " + f + " outside the survey's memory");
                distinct.add(f);
                perArea.merge(f / Frames.AREA_FRAMES, 1, Integer::sum);
            }
            assertEquals(counted, distinct.size(), "density " + density + ": repeated frames");
            assertEquals(counted / density, perArea.size(), "density " + density + ": areas");
            assertTrue(perArea.values().stream().allMatch(n -> n == density), "density " + density + ": frames per area " + perArea.values());
        }
    }

    /** The shape the survey exists to show: an area-keyed table pays per area, a frame-keyed one per frame. */
    @Test
    void clusteredPaysPerAreaAndCompactPerFrame() {
        List<DensitySurvey.Row> rows = DensitySurvey.survey(
                List.of(TableRegistry.get("clustered"), TableRegistry.get("compact"), TableRegistry.get("dense")), 8 * Frames.AREA_FRAMES, 3);
        assertEquals(3 * DensitySurvey.DENSITIES.size(), rows.size());
        Map<String, Map<Integer, Double>> bytes = new HashMap<>();
        for (DensitySurvey.Row r : rows) {
            assertEquals(8 * Frames.AREA_FRAMES, r.entries(), r.toString());
            bytes.computeIfAbsent(r.table(), t -> new HashMap<>()).put(r.framesPerArea(), r.modeledPerFrame());
        }
        Map<Integer, Double> clustered = bytes.get("clustered");
        assertTrue(clustered.get(1) > 8 * clustered.get(512), "clustered at 1 per area " + clustered.get(1) + " vs full areas " + clustered.get(512));
        Map<Integer, Double> compact = bytes.get("compact");
        assertEquals(compact.get(1), compact.get(512), 0.01 * compact.get(1), "compact does not care where frames lie");
        Map<Integer, Double> dense = bytes.get("dense");
        assertEquals(dense.get(1), dense.get(512), 1e-9, "dense pays per physical frame");
    }

    @Test
    void aCountThatLeavesPartialAreasIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DensitySurvey.survey(List.of(TableRegistry.get("compact")), 1000, 1));
    }
}
