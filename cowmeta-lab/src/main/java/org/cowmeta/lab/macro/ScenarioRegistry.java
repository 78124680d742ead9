package org.cowmeta.lab.macro;

import java.util.List;
import java.util.NoSuchElementException;

/** Every macro scenario, one line each, in the order of reports. */
public final class ScenarioRegistry {
    private static final List<Scenario> SCENARIOS = List.of(
            new ForkSnapshot(),
            new CopyOnRead(),
            new Prefork(),
            new ForkExec(),
            new CheckpointLoop(),
            new MorselTransfer());

    private ScenarioRegistry() {}

    public static List<Scenario> all() {
        return SCENARIOS;
    }

    public static List<String> names() {
        return SCENARIOS.stream().map(Scenario::name).toList();
    }

    public static Scenario get(String name) {
        return SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("unknown scenario '" + name + "'"));
    }
}
