/**
 * The page-table entry format ({@link org.cowmeta.vm.paging.Pte}), address arithmetic
 * ({@link org.cowmeta.vm.paging.Levels}) and the split page-table locks
 * ({@link org.cowmeta.vm.paging.TableLocks}, taken top-down along a walk).
 */
package org.cowmeta.vm.paging;
