package org.cowmeta.lab.macro;

import java.util.ArrayList;
import java.util.List;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.ForkStrategy;

/**
 * What copy-on-read and prefork share: a populated parent forks {@code children} children (each
 * fork timed), the children run on {@code threads} worker threads (child i on worker i mod
 * threads), each writing its own selection of pages, and finally exit (timed). The metadata is
 * sampled while all children are alive and written (the peak of sharing).
 */
final class ChildWorkload {
    private ChildWorkload() {}

    static void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        long pages = p.pages();
        int copies = 2 + (int) Math.ceil(p.children() * p.writeFraction());
        try (SimMachine sim = new SimMachine(ctx.table(), SimMachine.framesFor(pages, copies), ctx.seed())) {
            AddressSpace parent = sim.populated(pages);
            ForkStrategy strategy = ForkStrategies.byName(p.strategy());
            for (int round = 0; round < p.rounds(); round++) {
                List<AddressSpace> children = new ArrayList<>();
                List<long[]> seqs = new ArrayList<>();
                for (int c = 0; c < p.children(); c++) {
                    seqs.add(AccessPattern.pages(p.pattern(), pages, (long) (p.writeFraction() * pages), ctx.seed() + 31L * c + round));
                }
                for (int c = 0; c < p.children(); c++) {
                    long t0 = System.nanoTime();
                    children.add(parent.fork(strategy));
                    m.latency("fork", System.nanoTime() - t0);
                }
                long start = System.nanoTime();
                Workers.run(p.threads(), w -> {
                    MacroMetrics.Recorder r = new MacroMetrics.Recorder();
                    for (int c = w; c < children.size(); c += p.threads()) {
                        AddressSpace child = children.get(c);
                        long[] seq = seqs.get(c);
                        for (int i = 0; i < seq.length; i++) {
                            r.write(child, SimMachine.pageAddress(seq[i]), i);
                        }
                    }
                    m.merge(r);
                });
                m.phase(System.nanoTime() - start);
                m.sampleMetadata(sim.table, sim.frames);
                for (AddressSpace child : children) {
                    long t0 = System.nanoTime();
                    child.close();
                    m.latency("exit", System.nanoTime() - t0);
                }
            }
        }
    }
}
