package org.cowmeta.lab.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long part of a run, one line per step: "[12/80] what (3.1 s; 0:41 so far, about
 * 3:20 left)". The time left is the mean step time so far (or the caller's estimate before the
 * first step) times the steps left: the step times the caller reports, which may spread a shared
 * start-up over the steps it serves, rather than the wall time, which would charge it to the first.
 */
public final class Progress {
    private final String part;
    private final int total;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final long initialEstimate;
    private int done;
    private long reported;

    /**
     * @param estimateNanos what a step is expected to take before any has been timed (0: unknown)
     */
    public Progress(String part, int total, PrintStream out, long estimateNanos) {
        this.part = part;
        this.total = total;
        this.out = out;
        this.initialEstimate = estimateNanos;
    }

    /** Reports one finished step that took {@code nanos}. */
    public void step(String what, long nanos) {
        done++;
        reported += nanos;
        out.printf(Locale.ROOT, "cowmeta: %s [%d/%d] %s (%.1f s; %s)%n", part, done, total, what, nanos / 1e9, times());
    }

    /** "0:41 so far, about 3:20 left". */
    String times() {
        long elapsed = System.nanoTime() - startNanos;
        long perStep = done > 0 ? reported / done : initialEstimate;
        String left = perStep > 0 ? ", about " + clock((total - done) * perStep) + " left" : "";
        return clock(elapsed) + " so far" + left;
    }

    /** m:ss (or h:mm:ss). */
    static String clock(long nanos) {
        long s = Math.round(nanos / 1e9);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
