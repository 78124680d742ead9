package org.cowmeta.lab.macro;

import java.util.List;
import org.cowmeta.lab.profile.Profile;

/**
 * A prefork server (PostgreSQL, Apache prefork): a parent with a large shared image forks a pool
 * of workers; each worker writes only a few, popular pages (Zipf), so sharing stays high and
 * many frames stay counted by many processes.
 */
final class Prefork implements Scenario {
    @Override
    public String name() {
        return "prefork";
    }

    @Override
    public String description() {
        return "a pool of forked workers, each writing a few popular pages (Zipf): high, long-lived sharing";
    }

    @Override
    public List<ScenarioParams> grid(Profile profile) {
        ScenarioParams base = new ScenarioParams(256, 0.05, "zipf", 2, 4, "morsel", 1);
        if (profile == Profile.QUICK) {
            return List.of(base);
        }
        return Sweeps.full(base.withMemoryMiB(2048));
    }

    @Override
    public void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        ChildWorkload.run(ctx, p, m);
    }
}
