package org.cowmeta.lab.macro;

import java.io.PrintStream;
import org.cowmeta.lab.report.ResultSink;
import org.cowmeta.lab.run.Profile;

/** What a scenario is given: the table to run over, the profile (how big and long), where figures go, a progress log. */
public record ScenarioContext(String table, Profile profile, ResultSink sink, PrintStream log) {}
