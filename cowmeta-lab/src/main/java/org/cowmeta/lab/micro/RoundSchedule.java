package org.cowmeta.lab.micro;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cowmeta.tables.Hashing;

/**
 * The order of the micro benchmark measurements: randomized multiple interleaved trials (Abedi
 * and Brecht; Laaber, Scheuner and Leitner, EMSE 2019). A round measures every configuration once,
 * each table in a JVM of its own started for the round ({@link ForkWorker}), so a round is one
 * fork of every table. The configurations sharing a workload (size, utilisation, key set) form a
 * batch whose workers start and fill their tables together; inside a batch the configurations of
 * one cell (what differs is the table, or batch against single calls) are measured back to back,
 * so the figures a ratio pairs are seconds apart. The order of the batches, of the cells in a
 * batch and of the tables in a cell is shuffled anew every round from {@code seed} (recorded with
 * the results, so a schedule can be repeated).
 */
public final class RoundSchedule {
    /** One measurement to run: the configuration and the round it belongs to. */
    public record Slot(int round, MicroConfig config) {}

    /** Workers that live together and the measurements they run, in order. */
    public record Batch(int round, List<String> workers, List<Slot> slots) {}

    private RoundSchedule() {}

    /** Rounds {@code first} .. {@code first + rounds - 1} of {@code configs}, at most {@code maxWorkers} alive at once. */
    public static List<Batch> of(List<MicroConfig> configs, int first, int rounds, long seed, int maxWorkers) {
        Map<String, List<MicroConfig>> groups = new LinkedHashMap<>();
        for (MicroConfig c : configs) {
            groups.computeIfAbsent(groupKey(c), k -> new ArrayList<>()).add(c);
        }
        List<Batch> out = new ArrayList<>();
        for (int round = first; round < first + rounds; round++) {
            Random rnd = new Random(seed * Hashing.GOLDEN_GAMMA + round);
            List<List<MicroConfig>> order = new ArrayList<>(groups.values());
            Collections.shuffle(order, rnd);
            for (List<MicroConfig> group : order) {
                List<String> workers = new ArrayList<>(new LinkedHashSet<>(group.stream().map(MicroConfig::workerKey).toList()));
                Collections.shuffle(workers, rnd);
                for (int from = 0; from < workers.size(); from += maxWorkers) {
                    Set<String> live = new LinkedHashSet<>(workers.subList(from, Math.min(workers.size(), from + maxWorkers)));
                    out.add(new Batch(round, List.copyOf(live), slots(group, live, round, rnd)));
                }
            }
        }
        return out;
    }

    /** The group's cells over the live workers, cells and tables shuffled. */
    private static List<Slot> slots(List<MicroConfig> group, Set<String> live, int round, Random rnd) {
        Map<String, List<MicroConfig>> cells = new LinkedHashMap<>();
        for (MicroConfig c : group) {
            if (live.contains(c.workerKey())) {
                cells.computeIfAbsent(c.cellKey(), k -> new ArrayList<>()).add(c);
            }
        }
        List<List<MicroConfig>> order = new ArrayList<>(cells.values());
        Collections.shuffle(order, rnd);
        List<Slot> out = new ArrayList<>();
        for (List<MicroConfig> cell : order) {
            List<MicroConfig> tables = new ArrayList<>(cell);
            Collections.shuffle(tables, rnd);
            tables.forEach(c -> out.add(new Slot(round, c)));
        }
        return out;
    }

    /** Configurations of one workload share workers; a resize benchmark changes its table, so it has workers of its own. */
    static String groupKey(MicroConfig c) {
        return c.log2Size() + "/" + c.utilisation() + "/" + c.keys() + (c.changesTable() ? "/" + c.method() + "/" + c.phase() + "/" + c.threads() : "");
    }
}
