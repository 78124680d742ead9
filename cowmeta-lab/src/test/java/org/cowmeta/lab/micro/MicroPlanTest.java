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
    void quickPlanRunsTheTargetsAt22OnlyForTheComparedTables() {
        List<MicroConfig> plan = MicroPlan.plan(Profile.QUICK, List.of("compact", "dense", "chm"), t -> !t.equals("dense"));
        assertEquals(plan.size(), new HashSet<>(plan).size(), "no duplicates");
        List<String> compact = at22(plan, "compact");
        assertEquals(List.of("getHit uniform quiet", "getMiss uniform quiet", "getHitLatency uniform quiet",
                "insertRemove uniform quiet",
                "pageTableBatch clustered quiet", "pageTableSingle clustered quiet", "resizeInsertRemove uniform quiet",
                "resizeInsertRemove uniform resizing"), compact);
        assertEquals(compact.subList(0, 6), at22(plan, "dense"), "dense has no resize control: no resize runs");
        assertTrue(at22(plan, "chm").isEmpty(), "tables the targets do not compare keep the old grid");
        assertTrue(plan.stream().filter(c -> c.log2Size() == MicroPlan.TARGET_LOG2_SIZE)
                .allMatch(c -> c.threads() == 1 && c.utilisation().equals("medium") && c.sharing().equals("disjoint")));
        assertEquals(plan.stream().filter(c -> c.table().equals("chm")).count() + 8,
                plan.stream().filter(c -> c.table().equals("compact")).count());
    }

    @Test
    void fullPlanHasTheTargetRunsToo() {
        List<MicroConfig> plan = MicroPlan.plan(Profile.FULL, List.of("rhashtable"), t -> true);
        assertTrue(at22(plan, "rhashtable").containsAll(List.of("pageTableBatch clustered quiet",
                "pageTableSingle clustered quiet", "resizeInsertRemove uniform resizing")));
    }

    private static List<String> at22(List<MicroConfig> plan, String table) {
        return plan.stream().filter(c -> c.table().equals(table) && c.log2Size() == MicroPlan.TARGET_LOG2_SIZE && c.threads() == 1)
                .map(c -> c.method() + " " + c.keys() + " " + c.phase()).toList();
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
