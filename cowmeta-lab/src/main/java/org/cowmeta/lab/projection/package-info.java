/**
 * The calibration and the projection as rows of a run's results: the real kernel's figures
 * beside the simulator's ({@link org.cowmeta.lab.projection.KernelRows}) and each table's extra
 * cost over dense projected onto the real fault and fork
 * ({@link org.cowmeta.lab.projection.Projection}).
 */
package org.cowmeta.lab.projection;
