/**
 * Fork strategies selectable by name ({@link org.cowmeta.vm.fork.ForkStrategy#byName}):
 * {@code morsel}, {@code linux}, {@code odf}. Use with
 * {@link org.cowmeta.vm.morsel.AddressSpace#fork}.
 */
package org.cowmeta.vm.fork;
