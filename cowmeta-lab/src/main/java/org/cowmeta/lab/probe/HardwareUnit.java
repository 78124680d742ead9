package org.cowmeta.lab.probe;

/**
 * The hardware unit a run measures first: the latency of one dependent DRAM load (median of
 * rounds of a pointer chase, with the fastest and slowest round) and streaming read bandwidth
 * (median, fastest, slowest). Op times are also reported as multiples of {@link #dramLoadNanos}.
 */
public record HardwareUnit(double dramLoadNanos, double dramLoadLow, double dramLoadHigh,
                           double streamGiBps, double streamLow, double streamHigh,
                           long bufferBytes, int rounds) {

    /** {@code nanos} in units of one dependent DRAM load. */
    public double inDramLoads(double nanos) {
        return nanos / dramLoadNanos;
    }
}
