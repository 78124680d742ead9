package org.cowmeta.tables;

import org.cowmeta.tables.RefCountTable.Op;

/**
 * The deterministic cost of one operation, as a table accounts for its own reads: how many
 * distinct 64-byte cache lines it touches and how many of its loads are <i>dependent</i> (their
 * address comes from the value of an earlier load, so they cannot overlap in the memory system).
 * Unlike time it does not drift with noise. Addresses are the modeled (kernel) addresses a table
 * chooses to give its parts; only equality of lines matters.
 *
 * <p>Not thread-safe: one trace per caller. Reusable through {@link #reset()}.
 */
public final class AccessTrace {
    private static final int MAX_LINES = 256;
    private final long[] lines = new long[MAX_LINES];
    private int lineCount;
    private int overflowLines;
    private int dependentLoads;

    /**
     * A load whose address depends on the previous load's value: starts a new step in the chain
     * of dependent loads. {@code bytes} from {@code address} are read.
     */
    public AccessTrace load(long address, int bytes) {
        dependentLoads++;
        return touch(address, bytes);
    }

    /** A further read in the same step (its address was known without waiting): lines only. */
    public AccessTrace touch(long address, int bytes) {
        long first = address >>> 6;
        long last = (address + Math.max(bytes, 1) - 1) >>> 6;
        for (long line = first; line <= last; line++) {
            addLine(line);
        }
        return this;
    }

    private void addLine(long line) {
        for (int i = 0; i < lineCount; i++) {
            if (lines[i] == line) {
                return;
            }
        }
        if (lineCount < MAX_LINES) {
            lines[lineCount++] = line;
        } else {
            overflowLines++;
        }
    }

    public int cacheLines() {
        return lineCount + overflowLines;
    }

    public int dependentLoads() {
        return dependentLoads;
    }

    public AccessTrace reset() {
        lineCount = 0;
        overflowLines = 0;
        dependentLoads = 0;
        return this;
    }

    /** Traces {@code op} on {@code frame} in a fresh trace. */
    public static AccessTrace of(RefCountTable table, Op op, long frame) {
        AccessTrace t = new AccessTrace();
        table.trace(op, frame, t);
        return t;
    }

    @Override
    public String toString() {
        return cacheLines() + " lines, " + dependentLoads + " dependent loads";
    }
}
