package org.cowmeta.lab.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cowmeta.lab.profile.Profile;
import org.junit.jupiter.api.Test;

/** Which tables the macro scenarios run: the quick profile leaves a variant out only beside the table it varies. */
class MacroSuiteTablesTest {
    private static final List<String> ASKED = List.of("dense", "dense-packed", "rhashtable", "rhashtable-typesafe",
            "rhashtable-locked", "rosebush", "chm", "compact", "clustered");

    @Test
    void quickLeavesOutTheVariantsOfAskedTables() {
        assertEquals(List.of("dense", "rhashtable", "rosebush", "chm", "compact", "clustered"), MacroSuite.tables(Profile.QUICK, ASKED));
    }

    @Test
    void aVariantAskedForWithoutItsTableIsRun() {
        assertEquals(List.of("rhashtable-locked", "dense-packed", "compact"),
                MacroSuite.tables(Profile.QUICK, List.of("rhashtable-locked", "dense-packed", "compact")));
    }

    @Test
    void fullRunsEveryAskedTable() {
        assertEquals(ASKED, MacroSuite.tables(Profile.FULL, ASKED));
    }
}
