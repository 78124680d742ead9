package org.cowmeta.lab.macro;

import java.io.PrintStream;

/** What a scenario is given: the table to run over, the seed of its random choices, a progress log. */
public record ScenarioContext(String table, long seed, PrintStream log) {}
