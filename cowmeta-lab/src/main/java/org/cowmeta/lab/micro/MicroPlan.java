package org.cowmeta.lab.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.cowmeta.lab.run.Profile;

/**
 * The grid of micro benchmark runs for a profile. {@code quick} is budgeted for the whole
 * {@code evaluate} over about ten tables to finish within ten minutes on a 2-core machine:
 * 2^16 and 2^20 counted frames, medium utilisation, uniform keys (clustered for page tables),
 * 1 and 2 threads; and, for the tables issue 6's targets compare ({@link #TARGET_TABLES}), the
 * benchmarks those targets name at their size, 2^22 counted frames (see
 * {@link org.cowmeta.lab.report.Targets}): 36 more runs over the registry's tables, measured at
 * 156 s on this machine (2.7-10 s a run, fills included). {@code full} is the complete grid: 2^10..2^24, three utilisations, three key
 * sets, 1/2/4 threads, disjoint and shared frames, read-mostly and update-heavy mixes.
 */
public final class MicroPlan {
    /** The size issue 6 states its targets at: 4M counted frames. */
    public static final int TARGET_LOG2_SIZE = 22;
    /** The tables the targets compare: ours, the anchor, the two fastest Java peers, and the struct-page baseline. */
    public static final List<String> TARGET_TABLES = List.of("compact", "clustered", "rhashtable", "fastutil", "agrona", "dense");

    private MicroPlan() {}

    /**
     * @param resizable whether a table has resize control (tables without are left out of the
     *                  resize comparison)
     */
    public static List<MicroConfig> plan(Profile profile, List<String> tables, Predicate<String> resizable) {
        List<MicroConfig> out = new ArrayList<>();
        for (String t : tables) {
            if (profile == Profile.QUICK) {
                quick(out, t, resizable.test(t));
            } else {
                full(out, t, resizable.test(t));
            }
        }
        return out.stream().distinct().toList();
    }

    private static void quick(List<MicroConfig> out, String t, boolean resizable) {
        for (int size : new int[] {16, 20}) {
            out.add(one("getHit", t, size, "uniform"));
        }
        out.add(one("getMiss", t, 20, "uniform"));
        out.add(one("insertRemove", t, 20, "uniform"));
        out.add(new MicroConfig("mixUpdateHeavy", t, 20, "medium", "uniform", "disjoint", "quiet", 1));
        out.add(new MicroConfig("mixUpdateHeavy", t, 20, "medium", "uniform", "shared", "quiet", 2));
        out.add(one("pageTableBatch", t, 20, "clustered"));
        out.add(one("pageTableSingle", t, 20, "clustered"));
        if (resizable) {
            for (String phase : new String[] {"quiet", "resizing"}) {
                out.add(new MicroConfig("resizeInsertRemove", t, 16, "medium", "uniform", "disjoint", phase, 1));
            }
        }
        if (TARGET_TABLES.contains(t)) {
            targets(out, t, resizable);
        }
    }

    /** Exactly the single-thread runs the targets read, at the targets' size (in both profiles). */
    private static void targets(List<MicroConfig> out, String t, boolean resizable) {
        int size = TARGET_LOG2_SIZE;
        out.add(one("getHit", t, size, "uniform"));
        out.add(one("getMiss", t, size, "uniform"));
        out.add(one("getHitLatency", t, size, "uniform"));
        out.add(one("insertRemove", t, size, "uniform"));
        out.add(one("pageTableBatch", t, size, "clustered"));
        out.add(one("pageTableSingle", t, size, "clustered"));
        if (resizable) {
            for (String phase : new String[] {"quiet", "resizing"}) {
                out.add(new MicroConfig("resizeInsertRemove", t, size, "medium", "uniform", "disjoint", phase, 1));
            }
        }
    }

    private static void full(List<MicroConfig> out, String t, boolean resizable) {
        String[] utils = {"low", "medium", "high"};
        String[] keySets = {"uniform", "clustered", "sequential"};
        for (int size = 10; size <= 24; size += 2) {
            for (String u : utils) {
                for (String k : keySets) {
                    for (String m : new String[] {"getHit", "getMiss", "insertRemove", "updateCounted"}) {
                        out.add(new MicroConfig(m, t, size, u, k, "disjoint", "quiet", 1));
                    }
                }
            }
        }
        for (int size : new int[] {16, 20}) {
            for (int threads : new int[] {1, 2, 4}) {
                for (String sharing : threads == 1 ? new String[] {"disjoint"} : new String[] {"disjoint", "shared"}) {
                    for (String m : new String[] {"getHit", "insertRemove", "mixReadMostly", "mixUpdateHeavy", "pageTableBatch"}) {
                        out.add(new MicroConfig(m, t, size, "medium", "uniform", sharing, "quiet", threads));
                    }
                }
            }
            for (String k : keySets) {
                out.add(new MicroConfig("pageTableBatch", t, size, "medium", k, "disjoint", "quiet", 1));
                out.add(new MicroConfig("pageTableSingle", t, size, "medium", k, "disjoint", "quiet", 1));
            }
            if (resizable) {
                for (String m : new String[] {"resizeGetHit", "resizeInsertRemove", "resizeMixUpdateHeavy"}) {
                    for (int threads : new int[] {1, 2}) {
                        for (String phase : new String[] {"quiet", "resizing"}) {
                            out.add(new MicroConfig(m, t, size, "medium", "uniform", "disjoint", phase, threads));
                        }
                    }
                }
            }
        }
        if (TARGET_TABLES.contains(t)) {
            targets(out, t, resizable);
        }
    }

    private static MicroConfig one(String method, String t, int size, String keys) {
        return new MicroConfig(method, t, size, "medium", keys, "disjoint", "quiet", 1);
    }
}
