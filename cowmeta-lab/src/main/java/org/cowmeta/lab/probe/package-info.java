/**
 * The hardware unit every run measures first ({@link org.cowmeta.lab.probe.HardwareProbe}):
 * the latency of one dependent DRAM load and streaming read bandwidth, medians of rounds.
 */
package org.cowmeta.lab.probe;
