/**
 * This host's real kernel, measured on the operations the simulator models
 * ({@link org.cowmeta.lab.kernel.KernelProbe}: a small C helper compiled with the system's cc),
 * cached per machine and kernel ({@link org.cowmeta.lab.kernel.Calibration}), and the same
 * protocol run on the simulator ({@link org.cowmeta.lab.kernel.SimulatedCosts}). It knows
 * nothing of results or reports, so it depends on no other lab package but the statistics and
 * the forked-JVM command.
 */
package org.cowmeta.lab.kernel;
