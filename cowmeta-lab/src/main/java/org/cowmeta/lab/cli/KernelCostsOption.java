package org.cowmeta.lab.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.KernelCostsJson;
import picocli.CommandLine.Option;

/** --kernel-costs of evaluate and replay: another machine's kernel costs to project onto as well. */
final class KernelCostsOption {
    @Option(names = "--kernel-costs", paramLabel = "FILE",
            description = "Also project onto another machine's kernel: a JSON file as 'cowmeta calibrate' stores (or "
                    + "{\"figures\": {\"cowFault\": NS, \"reuseFault\": NS, \"forkPerPage\": NS}}).")
    Path file;

    /** The given costs, or null; a bad file is one sentence (exit 2). */
    KernelCosts read() {
        if (file == null) {
            return null;
        }
        try {
            return KernelCostsJson.read(file);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
