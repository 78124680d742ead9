package org.cowmeta.lab.macro;

import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.vm.fork.ForkStrategies;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.ForkStrategy;

/**
 * Periodic checkpoints: every round the parent forks a checkpoint child, writes a fraction of its
 * pages (Zipf: the same hot pages every round) while the child lives, and the child exits. Counts
 * appear and vanish every round, so the table is churned: inserts, removes, grows and shrinks.
 */
final class CheckpointLoop implements Scenario {
    @Override
    public String name() {
        return "checkpoint-loop";
    }

    @Override
    public String description() {
        return "fork a checkpoint child, write hot pages, child exits; repeated, so counts churn";
    }

    @Override
    public List<ScenarioParams> grid(Profile profile) {
        ScenarioParams base = new ScenarioParams(128, 0.2, "zipf", 1, 1, "morsel", 5);
        if (profile == Profile.QUICK) {
            return List.of(base);
        }
        return Sweeps.full(base.withMemoryMiB(1024));
    }

    @Override
    public void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        long pages = p.pages();
        try (SimMachine sim = new SimMachine(ctx.table(), SimMachine.framesFor(pages, 3), ctx.seed())) {
            AddressSpace parent = sim.populated(pages);
            ForkStrategy strategy = ForkStrategies.byName(p.strategy());
            for (int round = 0; round < p.rounds(); round++) {
                long[] seq = AccessPattern.pages(p.pattern(), pages, (long) (p.writeFraction() * pages), ctx.seed() + round);
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
        }
    }
}
