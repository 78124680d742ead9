package org.cowmeta.lab.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.tables.TableSpec.Role;
import org.cowmeta.tables.registry.TableRegistry;

/**
 * The grid of micro benchmark configurations for a profile; every configuration runs
 * {@link JmhSettings#rounds()} forks in interleaved rounds. {@code quick} is the set the targets
 * and the summary read, at 2^22 counted frames where no table fits the last-level cache, with
 * each benchmark over the tables a target or the summary compares (about 35 measurements a round,
 * so that the rounds and the rest of {@code evaluate} end within ten minutes on a 2-core machine).
 * {@code full} is the complete grid: 2^10..2^24, three utilisations, three key sets, 1/2/4
 * threads, disjoint and shared frames, read-mostly and update-heavy mixes, and the target set.
 */
public final class MicroPlan {
    /** The size the targets are stated at: 4M counted frames, beyond the last-level cache of every table. */
    public static final int TARGET_LOG2_SIZE = 22;
    /** The Java peers: single-lookup targets compare with the fastest of them, so all are measured. */
    public static final List<String> PEERS = TableRegistry.names(Role.PEER);
    /** The anchor and its variant whose updates differ from it (the lock on every update), which looks up as it does. */
    private static final List<String> UPDATE_ANCHORS = List.of("rhashtable", "rhashtable-locked");
    /** Tables whose single lookups the quick profile leaves to the full one: a lower bound, and a variant that looks up as rhashtable. */
    private static final List<String> LOOKUPS_AS_OTHERS = List.of("dense-packed", "rhashtable-locked");

    private MicroPlan() {}

    /**
     * @param resizable whether a table has resize control (tables without are left out of the
     *                  resize comparison)
     */
    public static List<MicroConfig> plan(Profile profile, List<String> tables, Predicate<String> resizable) {
        List<MicroConfig> out = new ArrayList<>();
        for (String t : tables) {
            if (profile == Profile.FULL) {
                full(out, t, resizable.test(t));
            }
            targets(out, t, resizable.test(t));
        }
        return out.stream().distinct().toList();
    }

    /** The single-thread runs the targets and the summary read, at the targets' size (in both profiles). */
    private static void targets(List<MicroConfig> out, String t, boolean resizable) {
        int size = TARGET_LOG2_SIZE;
        if (!LOOKUPS_AS_OTHERS.contains(t)) {
            out.add(one("getHit", t, size, "uniform")); // the summary's headline and ranking
        }
        if (PEERS.contains(t) || t.equals("compact") || t.equals("rhashtable")) {
            out.add(one("getMiss", t, size, "uniform"));
            out.add(one("getHitLatency", t, size, "uniform"));
        }
        if (t.equals("compact")) {
            out.add(one("getHitBatch", t, size, "uniform"));
        }
        if (t.equals("compact") || UPDATE_ANCHORS.contains(t)) {
            out.add(one("insertRemove", t, size, "uniform"));
        }
        if ((t.equals("compact") || t.equals("rhashtable")) && resizable) {
            out.add(new MicroConfig("resizeInsertRemove", t, size, "medium", "uniform", "disjoint", "resizing", 1));
        }
        if (t.equals("compact") || t.equals("clustered")) {
            out.add(one("pageTableBatch", t, size, "clustered"));
        }
        if (t.equals("compact") || t.equals("clustered") || t.equals("rhashtable")) {
            out.add(one("pageTableSingle", t, size, "clustered"));
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
    }

    private static MicroConfig one(String method, String t, int size, String keys) {
        return new MicroConfig(method, t, size, "medium", keys, "disjoint", "quiet", 1);
    }
}
