package org.cowmeta.vm.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CapturedProcess;
import org.cowmeta.vm.capture.SampleCaptures;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.system.FaultRecord;
import org.junit.jupiter.api.Test;

/**
 * Dynamic replay in the simulator: a fork pair's plan, and the shipped sample's fork pair rebuilt
 * at its real frame numbers, forked with every strategy, its copy-on-write history replayed; the
 * result must reproduce the capture's sharing exactly, and the strategies must differ the way
 * their designs say.
 */
class ReplayedForkTest {

    /**
     * What one replay did: the simulator's counters over the fork and the writes together, and
     * over the writes alone; the table's entries before the fork; the check.
     */
    record Replayed(FaultRecord work, FaultRecord writes, long entriesBefore, long unplacedPages, long mismatches) {}

    static Replayed replay(ForkPlan plan, String table, String strategy) {
        try (ReplayedFork r = ReplayedFork.build(plan, TableRegistry.create(table, TableConfig.of(plan.hostFrames()).withSeed(42)))) {
            long entries = r.table().entries();
            FaultRecord before = r.counters();
            r.fork(ForkStrategies.byName(strategy));
            FaultRecord forked = r.counters();
            for (int k = 0; k < plan.writes().size(); k++) {
                r.write(k);
            }
            FaultRecord after = r.counters();
            return new Replayed(after.since(before), after.since(forked), entries, r.unplacedPages(), r.mismatches());
        }
    }

    @Test
    void planOfAHandMadePair() {
        // vpn 10, 11 shared; 12 broken (the child's copy lies far away); 13 only the child, anonymous.
        CapturedProcess parent = new CapturedProcess(1, 0, "p", new long[] {10, 11, 12}, new long[] {100, 101, 102}, new byte[] {4, 4, 4});
        CapturedProcess child = new CapturedProcess(2, 1, "c", new long[] {10, 11, 12, 13}, new long[] {100, 101, 900, 901}, new byte[] {4, 4, 6, 6});
        Capture c = new Capture("hand", 1000, List.of(), new long[] {100, 101, 102, 500, 900, 901}, new long[] {2, 3, 1, 4, 1, 1},
                List.of(parent, child));
        ForkPlan plan = ForkPlan.of(c, parent, child, 1);
        assertEquals(3, plan.preFork().size());
        assertEquals(102, plan.preFork().frames()[2], "the original frame is the one near the shared pages");
        assertEquals(2, plan.writes().size());
        assertEquals(2, plan.writes().countByChild(), "the child copied vpn 12 and touched vpn 13");
        assertEquals(1, plan.writes().countCow());
        assertEquals(List.of(500L), java.util.Arrays.stream(plan.background().frames()).boxed().toList());
        assertEquals(List.of(101L), java.util.Arrays.stream(plan.externalRefs().frames()).boxed().toList());
        assertEquals(1, plan.externalRefs().counts()[0], "frame 101: map count 3, two captured mappings");
        assertEquals(1, plan.regions().size());
        assertEquals(10, plan.regions().starts()[0]);
        assertEquals(14, plan.regions().ends()[0]);
    }

    @Test
    void siblingsTellWhoCopied() {
        // vpn 10: child 2 has its own frame, sibling 3 still maps the parent's: child 2 copied, even
        // though its copy lies nearer the shared page than the parent's frame. vpn 11: sibling 3
        // maps child 2's frame: the parent copied.
        CapturedProcess parent = new CapturedProcess(1, 0, "p", new long[] {9, 10, 11}, new long[] {50, 900, 901}, new byte[] {4, 4, 4});
        CapturedProcess child = new CapturedProcess(2, 1, "c", new long[] {9, 10, 11}, new long[] {50, 51, 52}, new byte[] {4, 4, 4});
        CapturedProcess sibling = new CapturedProcess(3, 1, "s", new long[] {9, 10, 11}, new long[] {50, 900, 52}, new byte[] {4, 4, 4});
        Capture c = new Capture("hand", 1000, List.of(), new long[0], new long[0], List.of(parent, child, sibling));
        ForkPlan plan = ForkPlan.of(c, parent, child, 1);
        assertEquals(2, plan.writes().countCow());
        for (int k = 0; k < plan.writes().size(); k++) {
            boolean expectChild = plan.writes().vpns()[k] == 10;
            assertEquals(expectChild, plan.writes().byChild()[k], "vpn " + plan.writes().vpns()[k]);
        }
        assertEquals(List.of(50L, 900L, 52L), java.util.Arrays.stream(plan.preFork().frames()).boxed().toList(),
                "the parent starts with the originals");
    }

    @Test
    void sampleReplaysWithEveryStrategyAndReproducesItsSharing() throws IOException {
        Optional<Path> sample = SampleCaptures.find(SampleCaptures.REDIS);
        assumeTrue(sample.isPresent(), SampleCaptures.missing(SampleCaptures.REDIS));
        Capture c = Capture.load(sample.get());
        CapturedProcess child = c.process(21471).orElseThrow();
        ForkPlan plan = ForkPlan.of(c, c.parentOf(child).orElseThrow(), child, 42);
        Replayed morsel = null;
        Replayed linux = null;
        for (String strategy : ForkStrategies.names()) {
            Replayed r = replay(plan, "dense", strategy);
            String m = strategy + ": " + r;
            assertEquals(0, r.unplacedPages(), m);
            assertEquals(0, r.mismatches(), m);
            assertEquals(plan.writes().size(), r.writes().faults(), "every replayed write faults once: " + m);
            assertEquals(plan.writes().countCow(), r.work().pageCopies(), "one page copy per broken page: " + m);
            assertTrue(r.entriesBefore() >= plan.background().frames().length, "the rest of the host's counted frames are in the table: " + m);
            if (strategy.equals("morsel")) {
                morsel = r;
            } else if (strategy.equals("linux")) {
                linux = r;
            }
        }
        long linuxFrames = frames(linux.work());
        long morselFrames = frames(morsel.work());
        assertTrue(linuxFrames > 10 * morselFrames || linuxFrames > plan.preFork().size(),
                "linux fork increments every mapped page, morsel one root: linux " + linuxFrames + " morsel " + morselFrames);
        assertEquals(0, linux.work().tableCopies(), "linux copies its tables at fork, not at faults... counted: " + linux);
    }

    /**
     * The shape of the one page a 1 GB Redis BGSAVE capture left unplaced: frame 7 has no map
     * count (no K line: kpagecount reads 0 for the shared zero page) and both processes map it at
     * several addresses; at vpn 201 the child has a frame of its own (it wrote the zero page after
     * the fork). Frame 12 is a counted frame the parent maps twice, which no replay can place.
     */
    static final String ZERO_PAGE_CAPTURE = """
            cowmeta-capture 1
            frames 4096 page_size 4096
            K 10 2
            K 11 2
            K 12 2
            K 20 1
            P 1 0 parent
            M 100 10 4
            M 101 11 4
            M 200 7 4
            M 201 7 4
            M 202 7 4
            P 2 1 child
            M 100 10 4
            M 101 11 4
            M 200 7 4
            M 201 20 6
            M 202 7 4
            """;

    @Test
    void theZeroPageIsLeftDemandZeroAndEveryOtherPageIsPlaced() throws IOException {
        Capture c = Capture.read(new java.io.ByteArrayInputStream(ZERO_PAGE_CAPTURE.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "zero-page");
        CapturedProcess child = c.process(2).orElseThrow();
        ForkPlan plan = ForkPlan.of(c, c.parentOf(child).orElseThrow(), child, 1);
        assertEquals(5, plan.skipped().zeroPageMappings(), "three in the parent, two in the child");
        assertEquals(List.of(100L, 101L), java.util.Arrays.stream(plan.preFork().vpns()).boxed().toList(),
                "nothing is placed for the zero page");
        assertEquals(List.of(100L, 101L), java.util.Arrays.stream(plan.sharing().sharedVpns()).boxed().toList(),
                "the zero page is not a shared page to check");
        assertEquals(1, plan.writes().size());
        assertEquals(201, plan.writes().vpns()[0]);
        assertTrue(plan.writes().byChild()[0], "the child wrote the zero page");
        assertEquals(0, plan.writes().countCow(), "a write to the zero page copies nothing: a first touch");
        for (String strategy : ForkStrategies.names()) {
            Replayed r = replay(plan, "rhashtable", strategy);
            assertEquals(0, r.unplacedPages(), strategy + ": " + r);
            assertEquals(0, r.mismatches(), strategy + ": " + r);
            assertEquals(1, r.writes().zeroFills(), strategy + ": the child's write is a zero fill: " + r);
            assertEquals(0, r.work().pageCopies(), strategy + ": " + r);
        }

        // Both map frame 12 at two addresses before the fork.
        String twice = ZERO_PAGE_CAPTURE.replace("M 202 7 4\n", "M 202 7 4\nM 300 12 4\nM 301 12 4\n");
        Capture t = Capture.read(new java.io.ByteArrayInputStream(twice.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "twice");
        CapturedProcess tc = t.process(2).orElseThrow();
        ForkPlan tp = ForkPlan.of(t, t.parentOf(tc).orElseThrow(), tc, 1);
        assertEquals(5, tp.skipped().zeroPageMappings(), "a counted frame mapped twice is not the zero page");
        Replayed r = replay(tp, "dense", "morsel");
        assertEquals(1, r.unplacedPages(), "the second mapping of frame 12 gets a frame of its own: " + r);
    }

    /** The frames the refcount calls named. */
    private static long frames(FaultRecord w) {
        return w.gets() + w.increments() + w.decrements() + w.incrementAllFrames() + w.decrementAllFrames();
    }
}
