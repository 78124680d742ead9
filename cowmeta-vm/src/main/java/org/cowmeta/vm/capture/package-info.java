/**
 * Real data in: the {@code cowmeta-capture 1} format (docs/capture-format.md) and the tools
 * around it.
 *
 * <ul>
 *   <li>{@link org.cowmeta.vm.capture.CaptureReader} streams a capture (plain or gzip'd) into a
 *       {@link org.cowmeta.vm.capture.CaptureVisitor}, checking every rule; a malformed file is a
 *       {@link org.cowmeta.vm.capture.CaptureFormatException} with file, line and what was expected.</li>
 *   <li>{@link org.cowmeta.vm.capture.CaptureWriter} writes the format and refuses what a reader
 *       would reject.</li>
 *   <li>{@link org.cowmeta.vm.capture.Capture} holds a whole capture in memory for replay.</li>
 * </ul>
 */
package org.cowmeta.vm.capture;
