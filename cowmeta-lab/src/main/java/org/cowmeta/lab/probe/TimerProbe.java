package org.cowmeta.lab.probe;

/**
 * The resolution and the cost of {@link System#nanoTime()}, which times each simulated page fault:
 * the resolution is the smallest step the clock is seen to take, the cost the mean time of one
 * call. A per-fault latency is trustworthy when both are below a tenth of it; otherwise only a
 * mean over many faults is (the report says which).
 */
public record TimerProbe(double resolutionNanos, double costNanos) {

    public static TimerProbe measure() {
        // warm the call
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += System.nanoTime();
        }
        long smallest = Long.MAX_VALUE;
        long prev = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            long now = System.nanoTime();
            long d = now - prev;
            if (d > 0 && d < smallest) {
                smallest = d;
            }
            prev = now;
        }
        int calls = 2_000_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += System.nanoTime();
        }
        double cost = (System.nanoTime() - t0) / (double) calls;
        if (sink == 42) {
            cost += 0; // keeps the calls alive
        }
        return new TimerProbe(smallest == Long.MAX_VALUE ? Double.NaN : smallest, cost);
    }

    /** Whether a figure of {@code nanos} timed one at a time is at least ten times resolution and cost. */
    public boolean resolves(double nanos) {
        return Double.isFinite(nanos) && resolutionNanos * 10 <= nanos && costNanos * 10 <= nanos;
    }
}
