package org.cowmeta.tables.compact;

import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.contract.OnlineResizeConcurrencyTest;

/** Compact under concurrent updates while grows and shrinks run back to back. */
class CompactConcurrencyTest extends OnlineResizeConcurrencyTest<CompactTable> {

    @Override
    protected CompactTable table(long seed) {
        return new CompactTable(TableConfig.of(FRAMES).withSeed(seed)
                .withOption("initialBuckets", "512")
                .withOption("blockBuckets", "8")
                .withOption("inlineBits", "3")); // spills at 7: transitions race with migration too
    }

    @Override
    protected void checkInvariants(CompactTable table) {
        table.checkInvariants();
    }
}
