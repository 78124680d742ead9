package org.cowmeta.lab.macro;

import java.util.List;
import org.cowmeta.lab.profile.Profile;

/**
 * One macro scenario on the simulator (fork-snapshot, copy-on-read, ...). A scenario is one
 * class implementing this interface plus one line in {@link ScenarioRegistry}; the suite runs it
 * over every table with every parameter set of its grid, and the report draws its rows.
 */
public interface Scenario {
    /** The name used on the command line and in reports, e.g. "fork-snapshot". */
    String name();

    /** One line: what it models. */
    String description();

    /** The parameter sets to run for a profile (quick: one or two; full: the sweep). */
    List<ScenarioParams> grid(Profile profile);

    /**
     * Runs once over {@code ctx.table()} with {@code p}, recording into {@code m}. Set-up that is
     * not measured (mapping, first touch) happens here too but outside {@code m}'s timers.
     */
    void run(ScenarioContext ctx, ScenarioParams p, MacroMetrics m) throws Exception;
}
