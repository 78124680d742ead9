package org.cowmeta.vm;

import org.cowmeta.tables.testing.PackageGraph;
import org.cowmeta.vm.system.MemorySystem;
import org.junit.jupiter.api.Test;

/**
 * The package graph of this module's main classes (an edge for every class a class's constant pool
 * names in another package of {@code org.cowmeta}) has no cycle: every strongly connected component
 * of more than one package is reported with the class references inside it.
 */
class PackageCycleTest {

    @Test
    void mainPackagesFormNoCycle() throws Exception {
        PackageGraph.assertNoCycle(MemorySystem.class);
    }
}
