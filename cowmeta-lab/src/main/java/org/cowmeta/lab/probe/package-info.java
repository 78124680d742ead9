/**
 * The hardware unit every run measures first ({@link org.cowmeta.lab.probe.HardwareProbe}):
 * the latency of one dependent DRAM load and streaming read bandwidth, medians of rounds; and the
 * facts of the machine and JVM a run happened on ({@link org.cowmeta.lab.probe.MachineInfo}).
 */
package org.cowmeta.lab.probe;
