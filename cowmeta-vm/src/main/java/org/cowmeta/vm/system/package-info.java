/**
 * The simulated virtual-memory system: {@link org.cowmeta.vm.system.MemorySystem} (physical
 * memory, allocator, refcount table), {@link org.cowmeta.vm.system.AddressSpace}s with a 4- or
 * 5-level root, {@link org.cowmeta.vm.system.Morsel}s (page-table subtrees at level 1, 2, 3 that
 * mount with one entry, copy in O(1) with one increment and move in O(1)), and the write-fault
 * handler that resolves copy-on-write through the refcount table (see
 * {@code FaultHandler} for the algorithm and the locking protocol).
 *
 * <p>{@link org.cowmeta.vm.system.AddressSpace#fork} takes a {@link org.cowmeta.vm.system.ForkStrategy}:
 * the strategies that implement it are in {@code org.cowmeta.vm.fork}, which names them
 * ({@code ForkStrategies.byName}) and depends on this package, not the other way round.
 *
 * <p>Usage:
 * <pre>{@code
 * long frames = 1L << 20;                                     // 4 GiB of simulated memory
 * FrameAllocator alloc = new LLFreeAllocator(frames, 2);
 * RefCountTable table = TableRegistry.create("dense", TableConfig.of(frames));
 * try (MemorySystem sys = MemorySystem.create(alloc, table, ContentMode.TAGGED)) {
 *     AddressSpace parent = sys.newAddressSpace();
 *     parent.map(0, 64L << 20);                               // demand-zero anonymous memory
 *     parent.write(4096, 42);                                 // first touch: zero fill
 *     AddressSpace child = parent.fork(ForkStrategies.byName("morsel"));
 *     FaultRecord rec = new FaultRecord();
 *     child.write(4096, 7, rec);                              // COW break: rec.tableCopies(), rec.pageCopies()
 *     assert parent.read(4096) == 42 && child.read(4096) == 7;
 *     parent.createMorsel(1L << 30, 2);                       // a 1 GiB morsel mounted at 1 GiB
 *     parent.copyMorsel(1L << 30, child, 2L << 30);           // O(1): one increment
 *     parent.transfer(1L << 30, child, 3L << 30);             // O(1): no count moves
 *     InvariantChecker.check(sys).assertOk("example");        // counts == references, no leak
 *     child.close();                                          // exit: decrement(root)
 *     System.out.println(sys.counters().snapshot());          // faults, copies, reuses, refcount calls
 * }
 * }</pre>
 *
 * <p>Results: accesses return {@link org.cowmeta.vm.system.FaultResult} (OK, SEGV,
 * OUT_OF_MEMORY with nothing changed); structural operations throw the checked
 * {@link org.cowmeta.vm.system.OutOfFramesException}. Every operation adds what it did to its
 * address space's and the system's {@link org.cowmeta.vm.system.VmCounters}; pass a
 * {@link org.cowmeta.vm.system.FaultRecord} to an access to get that access's own record.
 *
 * <p>{@link org.cowmeta.vm.system.FaultLookups} chooses which refcount lookups a fault makes:
 * {@code EVERY_TABLE} (the default, docs/architecture.md to the letter: every table on the path and the
 * page) or {@code WRITE_PROTECTED_ONLY} (only where an entry is write-protected, as a kernel
 * would); both resolve every fault identically.
 *
 * <p>Tagged mode ({@link org.cowmeta.vm.memory.ContentMode#TAGGED}) keeps one 64-bit tag per data
 * page (every offset of a page reads and writes its tag), so that 1 TiB fits a small machine;
 * page tables are real in both modes.
 */
package org.cowmeta.vm.system;
