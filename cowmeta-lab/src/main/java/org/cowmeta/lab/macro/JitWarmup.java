package org.cowmeta.lab.macro;

import java.util.SplittableRandom;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * Runs every operation of a table hot on a scratch table before any macro scenario measures
 * it, so that the fault path meets compiled table code, as a kernel's always does.
 *
 * <p>Why the scenarios' own warm-up run is not enough: it faults a quarter of the scenario's
 * memory, a few thousand calls per operation, and the JIT may still be interpreting or
 * profiling a table's rarer paths when the measured run starts. Code the JIT has not compiled
 * costs every table something, and some far more than others: {@code compact}'s bucket scan
 * uses the Vector API, which is fast only once C2 has compiled it.
 */
final class JitWarmup {
    /** Rounds of increment, get, decrement and a miss; every 512th round a batch of 512 each way. */
    static final int ROUNDS = 100_000;
    private static final int FRAMES = 1 << 16;
    private static final int BATCH = 512;

    private JitWarmup() {}

    /** Warms {@code table}'s operations; returns a value derived from every result, so none is optimised away. */
    static long warm(String table, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] batch = new long[BATCH];
        long sum = 0;
        try (RefCountTable t = TableRegistry.create(table, TableConfig.of(FRAMES).withSeed(seed))) {
            for (int i = 0; i < ROUNDS; i++) {
                long f = rnd.nextInt(FRAMES);
                sum += t.increment(f) + t.get(f) + t.decrement(f) + t.get(f ^ 1);
                if (i % BATCH == 0) {
                    for (int k = 0; k < BATCH; k++) {
                        batch[k] = rnd.nextInt(FRAMES);
                    }
                    t.incrementAll(batch, 0, BATCH);
                    long[] released = {0};
                    t.decrementAll(batch, 0, BATCH, x -> released[0]++);
                    sum += released[0];
                }
            }
        }
        return sum;
    }
}
