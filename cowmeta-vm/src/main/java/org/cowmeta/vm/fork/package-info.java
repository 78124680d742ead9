/**
 * The fork strategies, implementations of {@link org.cowmeta.vm.morsel.ForkStrategy} selectable
 * by name ({@link org.cowmeta.vm.fork.ForkStrategies#byName}): {@code morsel}, {@code linux},
 * {@code odf}. Use with {@link org.cowmeta.vm.morsel.AddressSpace#fork}.
 */
package org.cowmeta.vm.fork;
