package org.cowmeta.lab.kernel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cowmeta.lab.stats.Interval;

/**
 * One machine's real kernel costs: each {@link KernelFigure}'s median over rounds with its
 * distribution-free 95% interval and the value of every round, where and when they were
 * measured ({@code machine}: the {@link MachineKey} or a user's label), with which region size
 * and how many rounds. Figures a cost file leaves out are absent; {@code notes} are the sentences
 * that say why the probe left a figure out (THP unavailable on the host, for one).
 */
public record KernelCosts(String machine, String measuredAt, long mib, int rounds,
                          Map<KernelFigure, Interval> figures, Map<KernelFigure, List<Double>> samples, List<String> notes) {

    public KernelCosts {
        figures = Collections.unmodifiableMap(figures.isEmpty() ? new EnumMap<>(KernelFigure.class) : new EnumMap<>(figures));
        samples = Collections.unmodifiableMap(samples.isEmpty() ? new EnumMap<>(KernelFigure.class) : new EnumMap<>(samples));
        notes = List.copyOf(notes);
    }

    /** Costs with nothing to say about what was left out. */
    public KernelCosts(String machine, String measuredAt, long mib, int rounds, Map<KernelFigure, Interval> figures,
                       Map<KernelFigure, List<Double>> samples) {
        this(machine, measuredAt, mib, rounds, figures, samples, List.of());
    }

    public Optional<Interval> figure(KernelFigure f) {
        return Optional.ofNullable(figures.get(f)).filter(Interval::isFinite);
    }

    public List<Double> samplesOf(KernelFigure f) {
        return samples.getOrDefault(f, List.of());
    }
}
