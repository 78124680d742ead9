package org.cowmeta.lab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cowmeta.lab.stats.Interval;
import org.junit.jupiter.api.Test;

/** The probe's protocol on the simulator gives every figure it claims, positive, with a value per round. */
class SimulatedCostsTest {
    @Test
    void everyFigureIsMeasured() throws Exception {
        Map<KernelFigure, Interval> sim = SimulatedCosts.measure("dense", 4, 3);
        assertEquals(SimulatedCosts.FIGURES.size(), sim.size(), sim.toString());
        for (KernelFigure f : SimulatedCosts.FIGURES) {
            Interval iv = sim.get(f);
            assertTrue(iv.estimate() > 0 && iv.low() <= iv.estimate() && iv.estimate() <= iv.high(), f + ": " + iv);
            assertEquals(3, iv.n(), f + " over three rounds");
        }
    }

    @Test
    void eachTableRunsInAJvmOfItsOwn() throws Exception {
        var log = new java.io.ByteArrayOutputStream();
        Map<String, Map<KernelFigure, java.util.List<Double>>> got = SimulatedCostsRunner.run(java.util.List.of("dense", "rhashtable"), 4, 2, 7,
                new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("dense", "rhashtable"), java.util.List.copyOf(got.keySet()), log.toString());
        for (var sim : got.values()) {
            assertEquals(2, sim.get(KernelFigure.COW_FAULT).size(), "a value per round");
        }
    }
}
