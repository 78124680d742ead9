package org.cowmeta.tables.compact;

import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.contract.AbstractRefCountLincheckTest;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Linearizability of {@link CompactTable} while a resize stays open across operations: nobody
 * helps on their own ({@link ResizeControl#hold()}), so a resize begun by {@code grow} (or by the
 * table's own load check) advances only by the {@code step} operations, one bucket each, and the
 * other operations run while the next array is attached and its homes partly migrated: inserts
 * go straight into the next array, lookups and updates that miss at a home not yet migrated look
 * there too. The stress half runs it on real threads; the model checker switches threads only at
 * the table's field accesses, not inside its off-heap words (see
 * {@link AbstractRefCountLincheckTest}), so the races among the words are forced in
 * {@link CompactResizeRaceTest}. The bucket scan is the scalar one: what it reads is the same,
 * and instrumented, the Vector API is slow enough to be taken for a hang.
 */
public class CompactSteppedResizeLincheckTest extends AbstractRefCountLincheckTest {
    private final ResizeControl control = table().resizeControl().orElseThrow();

    public CompactSteppedResizeLincheckTest() {
        control.hold();
    }

    @Override
    protected RefCountTable createTable() {
        return CompactLincheckTest.tiny(2);
    }

    /** Starts a grow when none runs; no effect on any count. */
    @Operation
    public void grow() {
        control.startGrow();
    }

    /** Migrates one block (one bucket) of the running resize, if any; no effect on any count. */
    @Operation
    public void step() throws InterruptedException {
        control.step(); // compact's step migrates in the calling thread and never waits
    }

    @Override
    protected ModelCheckingOptions modelCheckingOptions() {
        return super.modelCheckingOptions().iterations(30).sequentialSpecification(ResizeSpec.class);
    }

    @Override
    protected StressOptions stressOptions() {
        return super.stressOptions().sequentialSpecification(ResizeSpec.class);
    }

    /** The contract with the two resize operations, which change no count. */
    public static final class ResizeSpec extends Spec {
        public void grow() {}

        public void step() {}
    }
}
