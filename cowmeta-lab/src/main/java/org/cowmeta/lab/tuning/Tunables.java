package org.cowmeta.lab.tuning;

import java.util.List;
import java.util.Map;

/**
 * Which options of which table the tuning sweep varies: the one place a table declares its
 * tunable options. A table is swept only if it appears here; each option is swept one at a
 * time, every other option at its default. A new table of ours adds one entry, no code.
 *
 * <p>{@code compact}'s bucket width is not here: it is fixed by the layout at one 64-byte cache
 * line of eight words (the design's whole point is one line per lookup), so it is not an option.
 * Its inline count can be at most 12 bits wide (bits 40..51 of the word, between the frame
 * number and the FROZEN bit), so widths above 12 do not exist; a narrower one frees no space
 * (the bits stay unused), it only makes more counts spill.
 */
public final class Tunables {

    /**
     * One option to sweep: its name in {@code TableConfig.options()}, the table's default (the
     * value it uses when the option is not given: keep it equal to the table's code, a test
     * checks) and the values to try, in ascending numeric order.
     */
    public record Dimension(String option, String defaultValue, List<String> values, String meaning) {
        public Dimension {
            values = List.copyOf(values);
            if (!values.contains(defaultValue)) {
                throw new IllegalArgumentException(option + ": the default " + defaultValue + " must be among the values swept");
            }
        }
    }

    private static final Map<String, List<Dimension>> TABLES = Map.of(
            "compact", List.of(
                    new Dimension("loadFactor", "0.7",
                            List.of("0.5", "0.6", "0.7", "0.75", "0.8", "0.85", "0.9", "0.95"),
                            "share of the slots filled before the table doubles"),
                    new Dimension("inlineBits", "12", List.of("4", "6", "8", "10", "12"),
                            "width of the inline count; larger counts spill to a side table")));

    /** What a reader of the curves must know about a table's options that are not swept. */
    private static final Map<String, String> NOTES = Map.of(
            "compact", "Bucket width is not swept: compact's bucket is fixed by its layout at one 64-byte cache line of "
                    + "eight 64-bit words (one line per lookup is the design), so there is no such option. The inline "
                    + "count is at most 12 bits wide (bits 40..51, between the frame number and the FROZEN bit); a "
                    + "narrower count frees no space, it only spills more counts to the side table.");

    private Tunables() {}

    /** A note on {@code table}'s options for the report, or empty. */
    public static String note(String table) {
        return NOTES.getOrDefault(table, "");
    }

    /** The options declared for {@code table}, empty when it declares none. */
    public static List<Dimension> of(String table) {
        return TABLES.getOrDefault(table, List.of());
    }

    /** The tables among {@code tables} that declare tunable options, in the given order. */
    public static List<String> tunable(List<String> tables) {
        return tables.stream().filter(TABLES::containsKey).toList();
    }
}
