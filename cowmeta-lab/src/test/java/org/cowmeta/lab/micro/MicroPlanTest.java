package org.cowmeta.lab.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.junit.jupiter.api.Test;

class MicroPlanTest {
    @Test
    void quickPlanIsTheTargetSetAt22AndSkipsResizeForTablesWithoutControl() {
        List<String> tables = List.of("dense", "dense-packed", "rhashtable", "rhashtable-typesafe", "rhashtable-locked", "rosebush", "chm",
                "nbhml", "fastutil", "agrona", "compact", "clustered");
        List<MicroConfig> plan = MicroPlan.plan(Profile.QUICK, tables, t -> !t.equals("dense") && !t.equals("chm"));
        assertEquals(plan.size(), new HashSet<>(plan).size(), "no duplicates");
        assertTrue(plan.stream().allMatch(c -> c.log2Size() == MicroPlan.TARGET_LOG2_SIZE && c.threads() == 1
                && c.utilisation().equals("medium") && c.sharing().equals("disjoint")), "quick is the targets' size only");
        assertTrue(plan.size() <= 34, "about 30 measurements a round keep quick within its time: " + plan.size());
        for (String t : tables) {
            if (!t.equals("dense-packed") && !t.equals("rhashtable-locked")) {
                assertTrue(at22(plan, t).contains("getHit uniform quiet"), t + " is in the summary's getHit");
            }
        }
        assertEquals(List.of("insertRemove uniform quiet"), at22(plan, "rhashtable-locked"), "the locked variant differs in updates only");
        assertTrue(at22(plan, "dense-packed").isEmpty(), "the packed lower bound is the full profile's");
        assertEquals(List.of("getHit uniform quiet", "getMiss uniform quiet", "getHitLatency uniform quiet",
                "getHitBatch uniform quiet", "insertRemove uniform quiet", "resizeInsertRemove uniform resizing",
                "pageTableBatch clustered quiet", "pageTableSingle clustered quiet"), at22(plan, "compact"));
        assertEquals(List.of("getHit uniform quiet", "getMiss uniform quiet", "getHitLatency uniform quiet"), at22(plan, "chm"),
                "every peer runs the single lookups: the fastest of all is the reference");
        assertEquals(List.of("getHit uniform quiet", "pageTableBatch clustered quiet", "pageTableSingle clustered quiet"),
                at22(plan, "clustered"));
        List<MicroConfig> noResize = MicroPlan.plan(Profile.QUICK, List.of("compact"), t -> false);
        assertTrue(noResize.stream().noneMatch(c -> c.method().startsWith("resize")), "no resize runs without resize control");
    }

    @Test
    void fullPlanHasTheTargetRunsToo() {
        List<MicroConfig> plan = MicroPlan.plan(Profile.FULL, List.of("rhashtable"), t -> true);
        assertTrue(at22(plan, "rhashtable").containsAll(List.of("getHitLatency uniform quiet",
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
