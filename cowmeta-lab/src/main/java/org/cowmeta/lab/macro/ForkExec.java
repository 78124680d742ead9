package org.cowmeta.lab.macro;

import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.ForkStrategy;

/**
 * fork + exec (a shell, a build): a big parent forks a child that writes one page (its stack)
 * and exits at once, {@code rounds} times; what matters is fork and exit latency. Afterwards the
 * parent writes a fraction of its pages: every one is write-protected but counted 1 again, a
 * reuse fault that asks the table and copies nothing.
 */
final class ForkExec implements Scenario {
    @Override
    public String name() {
        return "fork-exec";
    }

    @Override
    public String description() {
        return "fork of a big parent followed at once by the child's exit, repeatedly; then the parent's reuse faults";
    }

    @Override
    public List<ScenarioParams> grid(Profile profile) {
        ScenarioParams base = new ScenarioParams(256, 0.25, "uniform", 1, 1, "morsel", 20);
        if (profile == Profile.QUICK) {
            return List.of(base);
        }
        return Sweeps.full(base.withMemoryMiB(2048));
    }

    @Override
    public void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        long pages = p.pages();
        try (SimMachine sim = new SimMachine(ctx.table(), SimMachine.framesFor(pages, 2), ctx.seed())) {
            AddressSpace parent = sim.populated(pages);
            ForkStrategy strategy = ForkStrategies.byName(p.strategy());
            MacroMetrics.Recorder childWrites = new MacroMetrics.Recorder();
            for (int round = 0; round < p.rounds(); round++) {
                long t0 = System.nanoTime();
                AddressSpace child = parent.fork(strategy);
                m.latency("fork", System.nanoTime() - t0);
                childWrites.write(child, SimMachine.pageAddress(pages - 1), round);
                m.sampleMetadata(sim.table, sim.frames);
                t0 = System.nanoTime();
                child.close();
                m.latency("exit", System.nanoTime() - t0);
            }
            long[] seq = AccessPattern.pages(p.pattern(), pages, (long) (p.writeFraction() * pages), ctx.seed());
            long start = System.nanoTime();
            Workers.run(p.threads(), w -> {
                MacroMetrics.Recorder r = new MacroMetrics.Recorder();
                for (int i = w; i < seq.length; i += p.threads()) {
                    r.write(parent, SimMachine.pageAddress(seq[i]), i);
                }
                m.merge(r);
            });
            m.phase(System.nanoTime() - start);
            m.sampleMetadata(sim.table, sim.frames);
        }
    }
}
