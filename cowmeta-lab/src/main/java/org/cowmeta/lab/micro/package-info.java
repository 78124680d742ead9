/**
 * The JMH micro benchmarks, run from the CLI through JMH's Runner API.
 *
 * <p>{@link org.cowmeta.lab.micro.TableBench} holds every benchmark; the table is a
 * {@code @Param} naming a registry entry, so a new table needs no code here. Operations: get of a
 * counted and of an absent frame, insert+remove pairs, increment+decrement of counted frames,
 * read-mostly and update-heavy mixes, page-table copy+teardown as batch calls and as single
 * calls, and the same during a paced resize or quiet. {@link org.cowmeta.lab.micro.Workload}
 * builds the frames deterministically from the parameters (size 2^10..2^24, utilisation,
 * uniform/clustered/sequential keys), so {@link org.cowmeta.lab.micro.CostTracer} traces the same
 * table in the lab, outside any timed region. {@link org.cowmeta.lab.micro.MicroPlan} is the
 * grid per profile, {@link org.cowmeta.lab.micro.JmhSettings} the repetitions and fork flags,
 * {@link org.cowmeta.lab.micro.MicroSuite} runs one forked JVM per configuration and turns JMH's
 * results into rows (median of iterations, confidence half-width, range, traced cost), keeping
 * jmh.json and jmh.log.
 */
package org.cowmeta.lab.micro;
