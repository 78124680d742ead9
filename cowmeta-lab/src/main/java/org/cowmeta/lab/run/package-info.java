/**
 * One lab run ({@link org.cowmeta.lab.run.LabRun}): the probe, then footprint, micro and macro
 * parts over the asked tables, written to results/&lt;timestamp&gt;/ (results.json, results.csv,
 * jmh.json, jmh.log, report.html), and the summary printed at the end.
 */
package org.cowmeta.lab.run;
