package org.cowmeta.lab.report;

import java.util.Set;
import org.cowmeta.lab.results.ResultRow;
import org.cowmeta.lab.results.Results;

/**
 * One part of report.html. A producer that adds rows of a new kind (a new scenario, replay)
 * adds a class implementing this and one line in {@link ReportSections}; the renderer itself
 * does not change. Rows of a section no part claims are still shown, as a plain table.
 */
public interface ReportSection {
    /** An HTML id for links, e.g. "throughput-size". */
    String id();

    String title();

    /** The row sections ({@link ResultRow#section()}) this part presents, so they are not listed again as "other figures". */
    Set<String> claims();

    /** Writes the part, heading included; writes nothing when the results hold nothing for it. */
    void render(Results results, Html html);
}
