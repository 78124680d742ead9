package org.cowmeta.tables.compact;

import java.util.List;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec.Tunable;

/**
 * The options of a {@link CompactTable} the tuning sweep varies, each with the default
 * {@link CompactOptions} itself uses when the option is not given.
 *
 * <p>The bucket width is not among them: it is fixed by the layout at one 64-byte cache line of
 * eight words (the design's whole point is one line per lookup), so it is not an option. The
 * inline count can be at most 12 bits wide (bits 40..51 of the word, between the frame number and
 * the FROZEN bit), so widths above 12 do not exist; a narrower one frees no space (the bits stay
 * unused), it only makes more counts spill.
 */
public final class CompactTuning {
    private static final CompactOptions DEFAULTS = CompactOptions.from(TableConfig.of(1 << 20));

    /** The swept options, in the order the sweep runs them. */
    public static final List<Tunable> TUNABLES = List.of(
            new Tunable("loadFactor", Double.toString(DEFAULTS.loadFactor()),
                    List.of("0.5", "0.6", "0.7", "0.75", "0.8", "0.85", "0.9", "0.95"),
                    "share of the slots filled before the table doubles"),
            new Tunable("inlineBits", Integer.toString(DEFAULTS.inlineBits()), List.of("4", "6", "8", "10", "12"),
                    "width of the inline count; larger counts spill to a side table"));

    /** What a reader of the curves must know about the options that are not swept. */
    public static final String NOTE = "Bucket width is not swept: compact's bucket is fixed by its layout at one 64-byte cache line of "
            + "eight 64-bit words (one line per lookup is the design), so there is no such option. The inline "
            + "count is at most 12 bits wide (bits 40..51, between the frame number and the FROZEN bit); a "
            + "narrower count frees no space, it only spills more counts to the side table.";

    private CompactTuning() {}
}
