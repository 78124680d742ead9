/**
 * report.html, drawn from the rows of {@code org.cowmeta.lab.results}, and the analyses on them
 * (summary, targets, comparisons).
 *
 * <p>{@link org.cowmeta.lab.report.ReportRenderer} writes one self-contained report.html: inline CSS
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
