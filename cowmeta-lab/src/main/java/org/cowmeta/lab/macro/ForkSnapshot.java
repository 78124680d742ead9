package org.cowmeta.lab.macro;

import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.ForkStrategy;

/**
 * A snapshot by fork (Redis BGSAVE): the parent has written all its memory, forks a child that
 * holds the snapshot, and keeps writing a fraction of its pages while the child lives; each first
 * write to a shared page is a copy-on-write fault. Then the child exits.
 */
final class ForkSnapshot implements Scenario {
    @Override
    public String name() {
        return "fork-snapshot";
    }

    @Override
    public String description() {
        return "parent forks a snapshot child, then writes a fraction of its pages while the child lives (Redis BGSAVE)";
    }

    @Override
    public List<ScenarioParams> grid(Profile profile) {
        ScenarioParams base = new ScenarioParams(256, 0.5, "uniform", 1, 1, "morsel", 1);
        if (profile == Profile.QUICK) {
            return List.of(base);
        }
        return Sweeps.full(base.withMemoryMiB(2048));
    }

    @Override
    public void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        long pages = p.pages();
        try (SimMachine sim = new SimMachine(ctx.table(), SimMachine.framesFor(pages, 3), ctx.seed())) {
            AddressSpace parent = sim.populated(pages);
            long[] seq = AccessPattern.pages(p.pattern(), pages, (long) (p.writeFraction() * pages), ctx.seed());
            ForkStrategy strategy = ForkStrategies.byName(p.strategy());
            for (int round = 0; round < p.rounds(); round++) {
                long t0 = System.nanoTime();
                AddressSpace child = parent.fork(strategy);
                m.latency("fork", System.nanoTime() - t0);
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
                t0 = System.nanoTime();
                child.close();
                m.latency("exit", System.nanoTime() - t0);
            }
            m.sampleMetadata(sim.table, sim.frames);
        }
    }
}
