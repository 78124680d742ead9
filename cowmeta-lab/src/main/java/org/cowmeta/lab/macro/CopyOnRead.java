package org.cowmeta.lab.macro;

import java.util.List;
import org.cowmeta.lab.profile.Profile;

/**
 * Copy-on-read (a CPython fork pool): worker children only read their parent's objects, but
 * reading updates the objects' reference counts, so most pages (about 89% in a real capture) are
 * written and copied: a fault storm in every child at once.
 */
final class CopyOnRead implements Scenario {
    @Override
    public String name() {
        return "copy-on-read";
    }

    @Override
    public String description() {
        return "children that only read still write most pages (CPython refcounts): a copy-on-write storm in parallel children";
    }

    @Override
    public List<ScenarioParams> grid(Profile profile) {
        ScenarioParams base = new ScenarioParams(128, 0.89, "uniform", 2, 2, "morsel", 1);
        if (profile == Profile.QUICK) {
            return List.of(base);
        }
        return Sweeps.full(base.withMemoryMiB(1024));
    }

    @Override
    public void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception {
        ChildWorkload.run(ctx, p, m);
    }
}
