package org.cowmeta.lab.report;

import java.util.List;

/** The parts of report.html in order; one line per part. */
public final class ReportSections {
    private static final List<ReportSection> SECTIONS = List.of(
            new SummarySection(),
            new TargetsSection(),
            new ProbeSection(),
            new MicroSection(),
            new MacroSection(),
            new CalibrationSection(),
            new FootprintSection(),
            new TuningSection(),
            new ReplaySection(),
            new RunSection()
    );

    private ReportSections() {}

    public static List<ReportSection> all() {
        return SECTIONS;
    }
}
