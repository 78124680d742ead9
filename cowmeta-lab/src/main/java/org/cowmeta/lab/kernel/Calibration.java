package org.cowmeta.lab.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This host's kernel costs, measured once per machine and kernel: {@link #measure} runs the
 * probe and stores the result under the cache directory, named by the {@link MachineKey};
 * {@link #cachedOrMeasure} reuses what is stored for this key (a kernel update or another
 * machine changes the key and measures anew, and so does a stored file that lacks a figure the
 * probe has since learnt to measure).
 */
public final class Calibration {
    private Calibration() {}

    /** Measures now ({@code mib} MiB, {@code rounds} rounds) and replaces the cached figures. */
    public static KernelCosts measure(long mib, int rounds, PrintStream log) throws NoCompilerException, IOException {
        MachineKey key = MachineKey.current();
        Path binary = ProbeBinary.obtain();
        log.printf(java.util.Locale.ROOT, "cowmeta: calibrate: this host's kernel (%s), %d MiB, %d rounds of 4 KiB pages and THP ...%n",
                key.text(), mib, rounds);
        KernelCosts c = KernelProbe.measure(binary, mib, rounds, key.text(), log);
        KernelCostsJson.write(c, file(key));
        return c;
    }

    /** The cached figures of this machine and kernel, or measured now with the defaults when there are none. */
    public static KernelCosts cachedOrMeasure(PrintStream log) throws NoCompilerException, IOException {
        Optional<KernelCosts> cached = cached();
        if (cached.isPresent()) {
            log.println("cowmeta: calibrate: reusing this host's kernel costs measured " + cached.get().measuredAt() + " ("
                    + file(MachineKey.current()) + "; 'cowmeta calibrate' measures anew)");
            return cached.get();
        }
        return measure(KernelProbe.DEFAULT_MIB, KernelProbe.DEFAULT_ROUNDS, log);
    }

    /** The stored figures for this machine and kernel, if any can be read. */
    public static Optional<KernelCosts> cached() {
        MachineKey key = MachineKey.current();
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            KernelCosts c = KernelCostsJson.read(f);
            // a file of another key under this name (edited by hand, a digest collision) is not reused, nor
            // one an older probe wrote without a figure this one measures
            return c.machine().equals(key.text()) && complete(c) ? Optional.of(c) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: measured anew and overwritten
        }
    }

    /**
     * Whether {@code c} has every figure the probe measures, but the THP ones where a note says why
     * they are left out.
     */
    static boolean complete(KernelCosts c) {
        boolean noThp = c.notes().stream().anyMatch(n -> n.contains("THP figures are left out"));
        return java.util.Arrays.stream(KernelFigure.values()).allMatch(f -> c.figures().containsKey(f) || (noThp && f.thp()));
    }

    /** Where this key's figures are stored. */
    public static Path file(MachineKey key) {
        return ProbeBinary.cacheDir().resolve("calibration").resolve(key.fileName());
    }
}
