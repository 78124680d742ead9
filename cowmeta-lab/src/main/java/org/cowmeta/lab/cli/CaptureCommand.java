package org.cowmeta.lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CaptureException;
import org.cowmeta.vm.capture.ProcCapture;
import org.cowmeta.vm.capture.SharingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes a cowmeta-capture of physical-page sharing on this Linux host (needs root). */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Captures physical-page sharing on this live Linux host (root needed): the map count of every "
                + "frame from /proc/kpagecount and the frames of the chosen processes from /proc/PID/pagemap, "
                + "written gzip'd in the cowmeta-capture 1 format.")
final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--pid", paramLabel = "PID", description = "A process to capture (repeat for several; its parent too for a fork pair).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--all", description = "Capture every process with user memory.")
    boolean all;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The capture file to write (e.g. host.txt.gz).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (pids.isEmpty() && !all) {
            throw new UsageException("name the processes to capture with --pid PID (repeatable) or --all");
        }
        if (!pids.isEmpty() && all) {
            throw new UsageException("give either --pid or --all, not both");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (Files.isDirectory(output)) {
            throw new UsageException("'" + output + "' is a directory; -o names the capture file to write");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("cannot write '" + output + "': its directory does not exist");
        }
        List<String> words = new ArrayList<>(List.of("./cowmeta"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        ProcCapture.Summary s;
        try {
            ProcCapture proc = ProcCapture.live();
            List<Integer> chosen = all ? proc.allProcesses() : pids;
            s = proc.capture(chosen, output, String.join(" ", words));
        } catch (CaptureException e) {
            throw new UsageException(e.getMessage());
        }
        System.out.printf(Locale.ROOT, "%s: %d frames, %d mapped, %d counted (map count >= 2), %d processes, %d present pages, %.1f MiB%n",
                output, s.frames(), s.mappedFrames(), s.countedFrames(), s.processes(), s.pages(), Files.size(output) / 1048576.0);
        if (!s.vanished().isEmpty()) {
            System.out.println("left out (vanished mid-capture): " + s.vanished());
        }
        if (!all) {
            SharingSummary sharing = SharingSummary.of(Capture.load(output));
            for (SharingSummary.Pair p : sharing.pairs()) {
                System.out.printf(Locale.ROOT, "fork pair %d -> %d: %d pages still shared, %d copied on write, "
                                + "%d shared frames in %d 2 MiB areas (%.1f per area)%n", p.parent(), p.child(), p.shared(),
                        p.broken(), p.sharedFrames(), p.sharedAreas(), p.sharedPerArea());
            }
        }
        return 0;
    }
}
