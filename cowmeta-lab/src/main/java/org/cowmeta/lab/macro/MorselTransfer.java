package org.cowmeta.lab.macro;

import static org.cowmeta.tables.Frames.PAGE_SHIFT;

import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.vm.system.AddressSpace;

/**
 * Morsels handed between processes: an owner holds 2 MiB morsels (level 1) it has written; each
 * round a worker gets an O(1) copy-on-write copy of every morsel (one increment each), writes a
 * fraction of its pages (copy-on-write faults that break the shared table, then the pages), and
 * hands the copy on to a consumer by transfer (O(1), no count moves); the consumer then exits.
 */
final class MorselTransfer implements Scenario {
    private static final long MORSEL = 2L << 20;

    @Override
    public String name() {
        return "morsel-transfer";
    }

    @Override
    public String description() {
        return "copy 2 MiB morsels to a worker (O(1)), write into them, transfer them on (O(1)), consumer exits";
    }

    @Override
    public List<ScenarioParams> grid(Profile profile) {
        ScenarioParams base = new ScenarioParams(128, 0.1, "uniform", 1, 1, "morsel", 3);
        if (profile == Profile.QUICK) {
            return List.of(base);
        }
        return Sweeps.full(base.withMemoryMiB(1024)).stream().filter(s -> s.strategy().equals("morsel")).toList();
    }

    @Override
    public void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        int morsels = (int) Math.max(1, (p.memoryMiB() << 20) / MORSEL);
        long perMorsel = MORSEL >> PAGE_SHIFT;
        long pages = morsels * perMorsel;
        try (SimMachine sim = new SimMachine(ctx.table(), SimMachine.framesFor(pages, 3), ctx.seed())) {
            AddressSpace owner = sim.sys.newAddressSpace();
            for (int i = 0; i < morsels; i++) {
                long va = SimMachine.BASE + i * MORSEL;
                owner.createMorsel(va, 1);
                for (long pg = 0; pg < perMorsel; pg++) {
                    owner.write(va + (pg << PAGE_SHIFT), pg + 1);
                }
            }
            long[] seq = AccessPattern.pages(p.pattern(), perMorsel, (long) (p.writeFraction() * perMorsel), ctx.seed());
            for (int round = 0; round < p.rounds(); round++) {
                AddressSpace worker = sim.sys.newAddressSpace();
                AddressSpace consumer = sim.sys.newAddressSpace();
                for (int i = 0; i < morsels; i++) {
                    long t0 = System.nanoTime();
                    owner.copyMorsel(SimMachine.BASE + i * MORSEL, worker, SimMachine.BASE + i * MORSEL);
                    m.latency("copyMorsel", System.nanoTime() - t0);
                }
                long start = System.nanoTime();
                Workers.run(p.threads(), w -> {
                    MacroMetrics.Recorder r = new MacroMetrics.Recorder();
                    for (int i = w; i < morsels; i += p.threads()) {
                        long base = SimMachine.BASE + i * MORSEL;
                        for (long pg : seq) {
                            r.write(worker, base + (pg << PAGE_SHIFT), pg);
                        }
                    }
                    m.merge(r);
                });
                m.phase(System.nanoTime() - start);
                m.sampleMetadata(sim.table, sim.frames);
                for (int i = 0; i < morsels; i++) {
                    long t0 = System.nanoTime();
                    worker.transfer(SimMachine.BASE + i * MORSEL, consumer, SimMachine.BASE + i * MORSEL);
                    m.latency("transfer", System.nanoTime() - t0);
                }
                worker.close();
                long t0 = System.nanoTime();
                consumer.close();
                m.latency("exit", System.nanoTime() - t0);
            }
        }
    }
}
