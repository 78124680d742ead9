package org.cowmeta.lab.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.cowmeta.lab.run.Profile;
import org.junit.jupiter.api.Test;

class MicroPlanTest {
    @Test
    void quickPlanIsSmallAndSkipsResizeForTablesWithoutControl() {
        List<MicroConfig> plan = MicroPlan.plan(Profile.QUICK, List.of("a", "b"), t -> t.equals("a"));
        assertEquals(plan.size(), new HashSet<>(plan).size(), "no duplicates");
        long a = plan.stream().filter(c -> c.table().equals("a")).count();
        long b = plan.stream().filter(c -> c.table().equals("b")).count();
        assertTrue(a <= 12, "quick stays small per table: " + a);
        assertEquals(a - 2, b, "b has no resize control, so no quiet/resizing pair");
        assertTrue(plan.stream().noneMatch(c -> c.table().equals("b") && c.method().startsWith("resize")));
        assertTrue(plan.stream().anyMatch(c -> c.threads() == 2), "quick covers 2 threads");
    }

    @Test
    void fullPlanCoversTheGrid() {
        List<MicroConfig> plan = MicroPlan.plan(Profile.FULL, List.of("a"), t -> true);
        assertEquals(plan.size(), new HashSet<>(plan).size(), "no duplicates");
        assertTrue(plan.stream().anyMatch(c -> c.log2Size() == 10) && plan.stream().anyMatch(c -> c.log2Size() == 24));
        assertTrue(plan.stream().anyMatch(c -> c.threads() == 4 && c.sharing().equals("shared")));
        assertTrue(plan.stream().anyMatch(c -> c.keys().equals("sequential") && c.utilisation().equals("low")));
        assertTrue(plan.stream().anyMatch(c -> c.phase().equals("resizing")));
    }
}
