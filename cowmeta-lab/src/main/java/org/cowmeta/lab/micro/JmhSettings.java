package org.cowmeta.lab.micro;

import java.util.List;
import org.cowmeta.lab.fork.ForkedJvm;
import org.cowmeta.lab.profile.Profile;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH's repetitions per profile and the flags of every benchmark fork ({@link ForkedJvm#FLAGS},
 * with a heap big enough for 2^24 boxed entries of the peer maps).
 *
 * <p>{@code rounds} is the number of measurements of every configuration, each in a JVM of its
 * own, run in interleaved rounds ({@link RoundSchedule}); a round is the unit a ratio's interval
 * is computed over, so it is the figure that buys certainty: forks of the same code differ more
 * than iterations inside one fork do (JIT and memory placement; a table's objects moved by a
 * collection mid-run did that too, until {@link Workload#populate} settled the heap). Six is the
 * fewest with which a Hodges–Lehmann interval reaches 95%; with seven its bounds leave out the
 * two most extreme Walsh averages on each side, so one disturbed round moves it less.
 * Within a fork the warm-up stays JMH's: iterations until the JIT has compiled the path,
 * then a few short measurement iterations, whose median is the round's figure.
 */
public record JmhSettings(int rounds, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                          TimeValue measurementTime, List<String> jvmArgs) {

    public static JmhSettings of(Profile profile) {
        return switch (profile) {
            case QUICK -> new JmhSettings(7, 3, TimeValue.milliseconds(100), 3, TimeValue.milliseconds(100),
                    ForkedJvm.flags("-Xms1g", "-Xmx2g"));
            case FULL -> new JmhSettings(10, 4, TimeValue.milliseconds(500), 5, TimeValue.milliseconds(500),
                    ForkedJvm.flags("-Xms3g", "-Xmx3g"));
        };
    }

    public String describe() {
        return rounds + " rounds, 1 JVM per table and round, " + warmupIterations + " x " + warmupTime + " warm-up, "
                + measurementIterations + " x " + measurementTime + " measurement";
    }
}
