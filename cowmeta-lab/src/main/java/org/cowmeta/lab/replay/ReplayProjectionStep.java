package org.cowmeta.lab.replay;

import java.io.IOException;
import java.io.PrintStream;
import org.cowmeta.lab.kernel.Calibration;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.NoCompilerException;
import org.cowmeta.lab.projection.KernelRows;
import org.cowmeta.lab.projection.Projection;
import org.cowmeta.lab.results.Results;

/**
 * The replay's last step, as evaluate's first: this host's real kernel costs (cached per machine
 * and kernel, measured now when there are none) and any given with --kernel-costs, and each
 * replayed table's extra cost over dense projected onto them. Without a C compiler one sentence
 * says so and the replay's own figures stand alone.
 */
final class ReplayProjectionStep {
    private ReplayProjectionStep() {}

    static void run(Results results, KernelCosts other, PrintStream out, PrintStream log) {
        try {
            KernelCosts host = Calibration.cachedOrMeasure(log);
            KernelRows.addReal(results, host, KernelRows.HOST);
            host.notes().forEach(results::note);
            results.run("kernelCosts", host.machine() + ", measured " + host.measuredAt());
            Projection.addRows(results, host, KernelRows.HOST);
        } catch (NoCompilerException e) {
            out.println(capitalized(e.getMessage()) + ".");
            results.note(capitalized(e.getMessage()) + ".");
        } catch (IOException | RuntimeException e) {
            out.println("The kernel probe failed (" + e.getMessage() + "), so the replay is not projected onto this host's kernel.");
            results.note("The kernel probe failed (" + e.getMessage() + "), so the replay is not projected onto this host's kernel.");
        }
        if (other != null) {
            KernelRows.addReal(results, other, KernelRows.given(other));
            results.run("otherKernelCosts", other.machine());
            Projection.addRows(results, other, KernelRows.given(other));
        }
        out.print(Projection.text(results));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
