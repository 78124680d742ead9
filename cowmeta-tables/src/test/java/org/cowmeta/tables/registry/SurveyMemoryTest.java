package org.cowmeta.tables.registry;

import org.cowmeta.tables.TableSpec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The survey's memory estimate covers what the tables really take, and refuses what cannot fit. */
class SurveyMemoryTest {

    @Test
    void theEstimateCoversEveryTableWithoutWildlyOverstating() {
        long counted = 100_000;
        long physical = 1L << 22; // the dense baselines grow with this, the hash tables with counted
        List<TableSpec> specs = TableRegistry.all();
        long need = SurveyMemory.need(specs, counted, physical, 7);
        long largest = 0;
        for (FootprintSurvey.Row r : FootprintSurvey.survey(specs, counted, physical, 7)) {
            largest = Math.max(largest, Math.round(r.jvmPerFrame() * r.entries()));
        }
        long inputs = 8 * counted + physical / 8;
        assertTrue(need >= largest + inputs, "need " + need + " < largest table " + largest + " + inputs " + inputs);
        assertTrue(need <= 4 * (largest + inputs), "need " + need + " overstates largest table " + largest + " + inputs " + inputs);
    }

    @Test
    void aSurveyBeyondTheHeapIsRefusedWithWhatItNeeds() {
        Optional<String> problem = SurveyMemory.check(TableRegistry.all(), 2_000_000_000L, 1L << 34, 7);
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("MiB"), problem.get());
        assertTrue(SurveyMemory.check(TableRegistry.all(), 1_000, 1L << 16, 7).isEmpty());
    }
}
