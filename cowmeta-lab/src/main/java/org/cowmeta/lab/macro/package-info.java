/**
 * Macro scenarios on the simulator ({@code cowmeta-vm}): whole copy-on-write workloads with the
 * counts in each table.
 *
 * <p>A scenario is one class implementing {@link org.cowmeta.lab.macro.Scenario} (name,
 * description, its parameter grid per profile, and {@code run}) plus one line in
 * {@link org.cowmeta.lab.macro.ScenarioRegistry}. It builds a {@code SimMachine} (LLFree,
 * tagged pages, the table by name), does its untimed set-up, and times what matters through
 * {@link org.cowmeta.lab.macro.MacroMetrics}: {@code Recorder.write} times each access and keeps
 * the latency of those that faulted (HdrHistogram), {@code latency(kind, ns)} records forks,
 * exits and morsel operations, {@code phase} the wall time for throughput, and
 * {@code sampleMetadata} the table's modeled bytes at the peak of sharing.
 * {@link org.cowmeta.lab.macro.MacroSuite} runs every scenario over every table with a warm-up
 * first, and derives the refcount table's share of the fault path against {@code dense}.
 * Parameters ({@link org.cowmeta.lab.macro.ScenarioParams}): memory, write fraction, access
 * pattern ({@link org.cowmeta.lab.macro.AccessPattern}), threads, children, fork strategy,
 * rounds.
 */
package org.cowmeta.lab.macro;
