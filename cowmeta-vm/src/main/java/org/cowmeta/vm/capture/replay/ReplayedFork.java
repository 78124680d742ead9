package org.cowmeta.vm.capture.replay;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.memory.llfree.LLFreeAllocator;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.FaultRecord;
import org.cowmeta.vm.system.ForkStrategy;
import org.cowmeta.vm.system.MemorySystem;
import org.cowmeta.vm.system.OutOfFramesException;

/**
 * A captured fork pair rebuilt in the simulator, for a dynamic replay ({@link ForkPlan}): a
 * machine of the host's size (tagged mode, LLFree allocator) whose parent maps its pages at their
 * captured frame numbers, with the rest of the host's counted frames and the outside references
 * in the table. The caller then {@link #fork forks} it and replays the plan's writes one by one
 * ({@link #write}); {@link #counters} tells what the simulator did and {@link #mismatches} whether
 * the sharing the capture shows came out. It times nothing: a harness measures around these calls.
 *
 * <p>It owns the table it is given: {@link #close} closes the machine and the table.
 */
public final class ReplayedFork implements AutoCloseable {
    private final ForkPlan plan;
    private final RefCountTable refs;
    private final MemorySystem system;
    private final AddressSpace parent;
    private final long unplaced;
    private final long[] writeVpns;
    private final boolean[] byChild;
    private AddressSpace child;

    private ReplayedFork(ForkPlan plan, RefCountTable refs, MemorySystem system, AddressSpace parent, long unplaced) {
        this.plan = plan;
        this.refs = refs;
        this.system = system;
        this.parent = parent;
        this.unplaced = unplaced;
        this.writeVpns = plan.writes().vpns();
        this.byChild = plan.writes().byChild();
    }

    /** Rebuilds the parent of {@code plan} before its fork, counting in {@code refs} (which this replay then owns). */
    public static ReplayedFork build(ForkPlan plan, RefCountTable refs) {
        LLFreeAllocator frames = new LLFreeAllocator(plan.hostFrames(), 1);
        PlacingAllocator placing = new PlacingAllocator(frames);
        MemorySystem system = null;
        try {
            system = MemorySystem.create(placing, refs, ContentMode.TAGGED);
            // Hold every captured frame first, so that no page table is built in one.
            long[] pre = plan.preFork().frames();
            boolean[] owned = new boolean[pre.length];
            for (int k = 0; k < pre.length; k++) {
                owned[k] = placing.claim(pre[k]); // false for the second mapping of a frame: it gets a fresh one
            }
            for (long f : plan.background().frames()) {
                placing.claim(f);
            }
            AddressSpace parent = system.newAddressSpace();
            ForkPlan.Regions regions = plan.regions();
            for (int k = 0; k < regions.size(); k++) {
                parent.map(regions.starts()[k] << PAGE_SHIFT, (regions.ends()[k] - regions.starts()[k]) << PAGE_SHIFT);
            }
            long unplaced = 0;
            long[] vpns = plan.preFork().vpns();
            for (int k = 0; k < vpns.length; k++) {
                if (!placing.populate(parent, vpns[k] << PAGE_SHIFT, pre[k], owned[k])) {
                    unplaced++;
                }
            }
            ForkPlan.FrameCounts external = plan.externalRefs();
            for (int k = 0; k < external.size(); k++) {
                long f = external.frames()[k];
                refs.seed(f, refs.get(f) + external.counts()[k]);
            }
            ForkPlan.FrameCounts background = plan.background();
            for (int k = 0; k < background.size(); k++) {
                refs.seed(background.frames()[k], background.counts()[k]);
            }
            return new ReplayedFork(plan, refs, system, parent, unplaced);
        } catch (OutOfFramesException e) {
            closeAll(system, refs);
            throw ranOut(plan, e);
        } catch (RuntimeException | Error e) {
            closeAll(system, refs);
            throw e;
        }
    }

    /** The table the replay counts in. */
    public RefCountTable table() {
        return refs;
    }

    /** The parent's pages that could not be put at their captured frame (they got a fresh one). */
    public long unplacedPages() {
        return unplaced;
    }

    /** What the simulated system has done so far. */
    public FaultRecord counters() {
        return system.counters().snapshot();
    }

    /** Forks the parent with {@code strategy}. */
    public void fork(ForkStrategy strategy) {
        try {
            child = parent.fork(strategy);
        } catch (OutOfFramesException e) {
            throw ranOut(plan, e);
        }
    }

    /** Replays the plan's write {@code k} (after {@link #fork}): a write fault by the parent or the child. */
    public void write(int k) {
        (byChild[k] ? child : parent).write(writeVpns[k] << PAGE_SHIFT, k);
    }

    /**
     * After the replay: the pages whose sharing is not what the capture shows (a page it shows
     * shared that parent and child no longer share, or a page it shows broken that they still share).
     */
    public long mismatches() {
        long mismatches = 0;
        for (long vpn : plan.sharing().sharedVpns()) {
            if (parent.translate(vpn << PAGE_SHIFT) != child.translate(vpn << PAGE_SHIFT)) {
                mismatches++;
            }
        }
        for (long vpn : plan.sharing().brokenVpns()) {
            if (parent.translate(vpn << PAGE_SHIFT) == child.translate(vpn << PAGE_SHIFT)) {
                mismatches++;
            }
        }
        return mismatches;
    }

    @Override
    public void close() {
        closeAll(system, refs);
    }

    private static void closeAll(MemorySystem system, RefCountTable refs) {
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            refs.close();
        }
    }

    private static IllegalStateException ranOut(ForkPlan plan, OutOfFramesException e) {
        return new IllegalStateException("the simulated host of " + plan.hostFrames() + " frames ran out of frames during replay", e);
    }
}
