package org.cowmeta.lab.macro;

/**
 * One macro scenario on the simulator (fork-snapshot, copy-on-read, ...). A scenario is one
 * class implementing this interface plus one line in {@link ScenarioRegistry}.
 */
public interface Scenario {
    /** The name used on the command line and in reports, e.g. "fork-snapshot". */
    String name();

    /** One line: what it models. */
    String description();

    /** Runs the scenario over one table and adds its figures to {@code ctx}'s results. */
    void run(ScenarioContext ctx) throws Exception;
}
