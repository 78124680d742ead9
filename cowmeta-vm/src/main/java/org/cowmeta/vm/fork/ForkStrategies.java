package org.cowmeta.vm.fork;

import java.util.List;
import org.cowmeta.vm.system.ForkStrategy;

/**
 * The fork strategies by name. Each shares a parent's memory with its child in its own way:
 * <ul>
 * <li>{@code morsel}: the child's root points at the parent's level-(N-1) subtrees, each shared
 * with one increment and write-protected on both sides: O(1) per 512 GiB, whatever is mapped.</li>
 * <li>{@code linux}: every page table is copied, every mapped page incremented (one batch per
 * level-1 table) and write-protected on both sides, as Linux's fork does.</li>
 * <li>{@code odf}: On-demand-fork: tables down to level 2 are copied, level-1 tables are shared
 * with one increment each and the level-2 entries write-protected; a level-1 table is copied on
 * its first write fault, taking a reference on each page.</li>
 * </ul>
 */
public final class ForkStrategies {
    private ForkStrategies() {}

    public static List<String> names() {
        return List.of("morsel", "linux", "odf");
    }

    /** The strategy named {@code name}; {@link IllegalArgumentException} listing the known names if none. */
    public static ForkStrategy byName(String name) {
        return switch (name) {
            case "morsel" -> MorselFork.INSTANCE;
            case "linux" -> LinuxFork.INSTANCE;
            case "odf" -> OdfFork.INSTANCE;
            default -> throw new IllegalArgumentException("unknown fork strategy '" + name + "'; known strategies: " + String.join(", ", names()));
        };
    }
}
