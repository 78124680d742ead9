/**
 * The results model and report.html.
 *
 * <h2>The model</h2>
 * Every figure any producer measures is one {@link org.cowmeta.lab.report.ResultRow}: its
 * {@code section} (who made it: "probe", "micro", "footprint", "macro", "replay-static", ...), the
 * {@code table} (empty when none), the {@code benchmark} and its {@code params} (strings, in
 * order), the {@code metric} ("time", "faultLatencyP99", "modeledBytesPerEntry", ...), the
 * {@code value} and {@code unit}, the uncertainty ({@code error}: JMH's 99.9% confidence
 * half-width; {@code low}/{@code high}: fastest and slowest repetition; NaN when unknown) and
 * the deterministic cost ({@code costLines}, {@code costLoads}; NaN when not traced).
 * {@link org.cowmeta.lab.report.Results} holds the rows of one run with the facts of the run
 * (exact command, profile, times), the machine, the JVM and notes; it is a
 * {@link org.cowmeta.lab.report.ResultSink}, so producers only ever call {@code add(row)}.
 * {@link org.cowmeta.lab.report.ResultsIO} writes results.json (the complete record; NaN as
 * null) and results.csv (one line per row, plus the time in DRAM-load units), and reads
 * results.json back ({@code cowmeta report DIR} re-renders from it).
 *
 * <h2>The report</h2>
 * {@link org.cowmeta.lab.report.ReportRenderer} writes one self-contained report.html: inline CSS
 * and SVG, no script, no network. Its parts are {@link org.cowmeta.lab.report.ReportSection}s
 * listed in {@link org.cowmeta.lab.report.ReportSections}: summary (the ranking with ratios to
 * rhashtable and dense, {@link org.cowmeta.lab.report.Summary}), the hardware unit, micro
 * benchmarks, macro scenarios, memory, replay, the run. Charts are drawn by
 * {@link org.cowmeta.lab.report.LineChart} and {@link org.cowmeta.lab.report.BarChart}.
 *
 * <h2>Adding a producer</h2>
 * Give its rows a new {@code section} name and add them to the run's {@code Results}. They
 * appear at once under "Other figures" as a table. To draw them, write a class implementing
 * {@code ReportSection} that claims that section name and renders from
 * {@code results.section(name)}, and add one line to {@code ReportSections}; nothing else in
 * the renderer changes.
 */
package org.cowmeta.lab.report;
