/**
 * The invariant checker: at a quiescent point, counts equal references, nothing is both free
 * and referenced, nothing leaks, and no writable unprotected entry reaches a shared frame.
 */
package org.cowmeta.vm.check;
