package org.cowmeta.lab.replay;

import java.util.Arrays;

/**
 * The time per operation of one kind over one key set: the median of several timed rounds after
 * warm-up rounds, with the fastest and slowest round. A plain timed loop, <b>not JMH</b>: good for
 * comparing key sets and tables measured in the same run, not for absolute claims.
 */
public record OpTiming(String op, String keys, int rounds, long opsPerRound, double medianNanos, double lowNanos,
                       double highNanos) {

    static OpTiming of(String op, String keys, double[] nanosPerOp, long opsPerRound) {
        double[] s = nanosPerOp.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new OpTiming(op, keys, n, opsPerRound, median, s[0], s[n - 1]);
    }
}
