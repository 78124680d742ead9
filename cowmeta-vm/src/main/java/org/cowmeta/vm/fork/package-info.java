/**
 * The fork strategies, implementations of {@link org.cowmeta.vm.system.ForkStrategy} selectable
 * by name ({@link org.cowmeta.vm.fork.ForkStrategies#byName}): {@code morsel}, {@code linux},
 * {@code odf}. Use with {@link org.cowmeta.vm.system.AddressSpace#fork}.
 */
package org.cowmeta.vm.fork;
