package org.cowmeta.lab.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.cowmeta.lab.kernel.KernelCosts;
import org.cowmeta.lab.kernel.NoCompilerException;
import org.cowmeta.lab.kernel.RealFork;
import org.cowmeta.lab.probe.MachineInfo;
import org.cowmeta.lab.report.ReportRenderer;
import org.cowmeta.lab.results.Results;
import org.cowmeta.lab.results.ResultsIO;
import org.cowmeta.lab.results.RunDirectory;
import org.cowmeta.lab.stats.Interval;
import org.cowmeta.tables.Frames;
import org.cowmeta.vm.capture.Capture;
import org.cowmeta.vm.capture.CapturedProcess;
import org.cowmeta.vm.capture.SharingSummary;
import org.cowmeta.vm.capture.replay.ForkPlan;
import org.cowmeta.vm.capture.replay.CountedFrames;

/**
 * Replays a capture over the asked tables and writes the figures where every lab run writes
 * them: DIR/&lt;timestamp&gt;/ with results.json, results.csv and report.html. Also prints them
 * as text tables on {@code out}.
 */
public final class ReplayRun {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** What to replay. {@code command} is the exact command line, for the report. */
    public record Request(Capture capture, List<String> tables, StaticReplay.Settings settings,
                          List<String> strategies, DynamicReplay.Settings dynamic, Path outParent, String command,
                          KernelCosts otherKernel) {
        /** A request that projects onto this host's kernel only. */
        public Request(Capture capture, List<String> tables, StaticReplay.Settings settings, List<String> strategies,
                       DynamicReplay.Settings dynamic, Path outParent, String command) {
            this(capture, tables, settings, strategies, dynamic, outParent, command, null);
        }
    }

    private ReplayRun() {}

    /** Runs {@code r} and returns the results (not yet written). */
    public static Results run(Request r, PrintStream out, PrintStream log) {
        Instant start = Instant.now();
        Capture c = r.capture();
        String name = Path.of(c.source()).getFileName().toString();
        Results results = new Results();
        results.run("command", r.command()).run("profile", "replay").run("startedAt", start.toString())
                .run("tables", String.join(", ", r.tables())).run("capture", c.source());
        results.machine(MachineInfo.machine()).jvm(MachineInfo.jvm());
        c.comments().stream().limit(3).forEach(k -> results.run("capture note " + (c.comments().indexOf(k) + 1), k));
        results.note("Replay timings are the thread CPU time of a plain timed loop (warm-up, then rounds, median), "
                + "not JMH: compare them within this run only. CPU time rather than wall time, because on a shared machine "
                + "wall time mostly measures waiting for a core.");

        SharingSummary sharing = SharingSummary.of(c);
        ReplayRows.capture(results, name, sharing);
        printSharing(out, name, sharing);

        CountedFrames counted = CountedFrames.of(c);
        StaticReplay replay = new StaticReplay(r.settings());
        out.printf(Locale.ROOT, "%nstatic replay of %s: %d counted frames of %d (struct page: %d B = %.4f%% of memory)%n",
                name, counted.size(), c.frames(), c.frames() * Frames.STRUCT_PAGE_BYTES, 100.0 * Frames.STRUCT_PAGE_BYTES / Frames.PAGE_SIZE);
        out.printf(Locale.ROOT, "%-22s %11s %9s %11s %9s | %s%n", "table", "modeled B/c", "JVM B/c", "share mem", "exact",
                "CPU ns/op median real/uniform: get, increment, decrement (plain loop, not JMH)");
        for (String table : r.tables()) {
            log.println("cowmeta replay: static " + table + " ...");
            StaticReplay.Result s = replay.run(table, counted);
            ReplayRows.staticResult(results, name, s);
            out.printf(Locale.ROOT, "%-22s %11.1f %9.1f %10.4f%% %9s | %s%n", table, s.modeledBytesPerCounted(),
                    s.jvmBytesPerCounted(), 100 * s.modeledShareOfMemory(), s.countsExact() ? "yes" : "NO", timings(s));
        }
        if (!r.strategies().isEmpty()) {
            dynamic(r, c, name, results, out, log);
        }
        if (!results.section(ReplayRows.DYNAMIC).isEmpty()) {
            ReplayProjectionStep.run(results, r.otherKernel(), out, log);
        }
        results.run("finishedAt", Instant.now().toString());
        return results;
    }

    /** Runs and writes DIR/&lt;timestamp&gt;/; returns that directory. */
    public static Path execute(Request r, PrintStream out, PrintStream log) throws IOException {
        Results results = run(r, out, log);
        RunDirectory runDir = RunDirectory.create(r.outParent(), "replay-" + STAMP.format(Instant.parse(results.run().get("startedAt"))));
        ResultsIO.write(results, runDir.path());
        ReportRenderer.write(results, runDir.path());
        Path dir = runDir.commit();
        log.println("cowmeta replay: report: " + dir.resolve(ReportRenderer.FILE));
        return dir;
    }

    private static void dynamic(Request r, Capture c, String name, Results results, PrintStream out, PrintStream log) {
        List<CapturedProcess> children = c.processes().stream().filter(p -> c.parentOf(p).isPresent()).toList();
        if (children.isEmpty()) {
            results.note("The capture holds no fork pair (no child whose parent was captured too), so there is no dynamic replay.");
            out.println("\nno fork pair in " + name + ": no dynamic replay");
            return;
        }
        DynamicReplay replay = new DynamicReplay(r.dynamic());
        for (CapturedProcess child : children) {
            CapturedProcess parent = c.parentOf(child).orElseThrow();
            ForkPlan plan = ForkPlan.of(c, parent, child, r.dynamic().seed());
            out.printf(Locale.ROOT, "%ndynamic replay of %s, fork %d -> %d: %d pages before the fork, %d writes after it "
                            + "(%d copy-on-write, %d by the child), %d counted frames of the rest of the host%n",
                    name, parent.pid(), child.pid(), plan.preFork().size(), plan.writes().size(), plan.writes().countCow(),
                    plan.writes().countByChild(), plan.background().size());
            long zeroPage = plan.skipped().zeroPageMappings();
            if (zeroPage > 0) {
                out.printf(Locale.ROOT, "%d mappings of the shared zero page (a frame without a map count, mapped at several addresses) "
                        + "are left demand-zero: the kernel counts no reference for them%n", zeroPage);
                results.note(zeroPage + " mappings of the shared zero page in fork " + parent.pid() + " -> " + child.pid()
                        + " are left demand-zero: the kernel counts no reference for them.");
            }
            out.printf(Locale.ROOT, "%-12s %-6s %7s %7s %7s %8s %21s %8s %19s %8s %8s %11s %11s %5s  %s%n", "table", "fork", "faults", "tcopies",
                    "pcopies", "refcalls", "CPU ms med [min-max]", "vs dense", "COW ms med [min-max]", "vs dense", "fork ms",
                    "meta before", "meta after", "check", "table lines/loads (traced)");
            for (String strategy : r.strategies()) {
                log.println("cowmeta replay: dynamic, fork strategy " + strategy + ", " + r.tables().size() + " tables, rounds interleaved ...");
                List<DynamicReplay.Result> all = replay.runStrategy(plan, r.tables(), strategy);
                double dense = all.stream().filter(d -> d.table().equals("dense")).mapToDouble(d -> d.times().faultPath().median())
                        .findFirst().orElse(Double.NaN);
                double denseCow = all.stream().filter(d -> d.table().equals("dense")).mapToDouble(d -> d.times().cowFaults().median())
                        .findFirst().orElse(Double.NaN);
                for (DynamicReplay.Result d : all) {
                    String table = d.table();
                    ReplayRows.dynamicResult(results, name, d);
                    DynamicReplay.Work w = d.work();
                    DynamicReplay.Spread fault = d.times().faultPath();
                    DynamicReplay.Spread cow = d.times().cowFaults();
                    out.printf(Locale.ROOT, "%-12s %-6s %7d %7d %7d %8d %21s %8s %19s %8s %8.2f %10.1fM %10.1fM %5s  %d/%d%n", table, strategy,
                            w.faults(), w.tableCopies(), w.pageCopies(), w.refCountCalls(),
                            String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", fault.median() / 1e6, fault.low() / 1e6, fault.high() / 1e6),
                            ratio(fault.median(), dense),
                            String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", cow.median() / 1e6, cow.low() / 1e6, cow.high() / 1e6),
                            ratio(cow.median(), denseCow),
                            d.times().forkNanos() / 1e6, d.before().footprint().modeledBytes() / 1048576.0,
                            d.after().footprint().modeledBytes() / 1048576.0,
                            d.check().ok() ? "ok" : d.check().mismatches() + "/" + d.check().unplacedPages(),
                            d.traced().lines(), d.traced().loads());
                }
                if (strategy.equals("linux")) {
                    realFork(results, name, plan.preFork().size(), all, out, log);
                    shapedFork(results, name, CaptureShape.of(plan.preFork().vpns(), parent, child), all, out, log);
                }
                if (all.stream().anyMatch(d -> !d.check().ok())) {
                    out.println("check: pages mismatched/unplaced; a page is unplaced when the parent maps its frame at another "
                            + "address too (a counted frame mapped twice in one process: a file page mapped twice, or a page the process "
                            + "moved while the capture read it), and it then gets a frame of its own");
                }
            }
        }
    }

    /** Rounds of the real fork of a process of the captured parent's size. */
    static final int REAL_FORK_ROUNDS = 6;

    /**
     * The real kernel's fork of a process with as many populated pages as the captured parent had
     * before its fork, beside the replayed linux-strategy fork of the same capture: what the
     * simulator's fork is against a real one of the same size, on this host.
     */
    private static void realFork(Results results, String name, long pages, List<DynamicReplay.Result> replayed, PrintStream out,
                                 PrintStream log) {
        log.println("cowmeta replay: the real fork of a process with " + pages + " populated pages on this host ...");
        Interval real;
        try {
            real = RealFork.nanos(pages, REAL_FORK_ROUNDS);
        } catch (NoCompilerException e) {
            out.println(e.getMessage().replace("projections onto it are", "the real fork beside the replayed one is") + ".");
            results.note("No C compiler was found, so the real fork of a process of the capture's size was not measured.");
            return;
        } catch (IOException e) {
            results.note("The real fork of a process of the capture's size failed (" + e.getMessage() + ").");
            return;
        }
        ReplayRows.realFork(results, name, pages, real);
        double dense = replayed.stream().filter(d -> d.table().equals("dense")).mapToDouble(d -> d.times().forkNanos())
                .findFirst().orElse(Double.NaN);
        out.printf(Locale.ROOT, "real fork on this host of a process with the parent's %d populated anonymous pages: %.2f ms [%.2f, %.2f] "
                        + "(median of %d, 95%%); the replayed linux-strategy fork with dense: %.2f ms%n", pages, real.estimate() / 1e6,
                real.low() / 1e6, real.high() / 1e6, REAL_FORK_ROUNDS, dense / 1e6);
    }

    /**
     * The real kernel's fork of a process of the captured parent's mapping shape ({@link CaptureShape}:
     * its anonymous and file regions, populated as the capture shows them), beside the replayed
     * linux-strategy fork: a real fork copies the PTEs of anonymous VMAs and none of a file VMA
     * without anonymous pages, where the simulator's linux strategy counts every page.
     */
    private static void shapedFork(Results results, String name, org.cowmeta.lab.kernel.ForkShape shape,
                                   List<DynamicReplay.Result> replayed, PrintStream out, PrintStream log) {
        if (shape.regions().isEmpty()) {
            return;
        }
        log.println("cowmeta replay: the real fork of a process of the parent's mapping shape (" + shape.regions().size()
                + " regions, " + shape.anonPages() + " anonymous and " + shape.filePages() + " file pages) on this host ...");
        RealFork.Shaped s;
        try {
            s = RealFork.shaped(shape, REAL_FORK_ROUNDS);
        } catch (NoCompilerException e) {
            return; // said once already, for the fork of the parent's size
        } catch (IOException e) {
            results.note("The real fork of a process of the capture's mapping shape failed (" + e.getMessage() + ").");
            return;
        }
        ReplayRows.realForkShaped(results, name, s);
        double dense = replayed.stream().filter(d -> d.table().equals("dense")).mapToDouble(d -> d.times().forkNanos())
                .findFirst().orElse(Double.NaN);
        out.printf(Locale.ROOT, "real fork on this host of a process of the parent's mapping shape (%d regions, %d VMAs with the "
                        + "helper's own; %d anonymous and %d file pages present): %.2f ms [%.2f, %.2f] (median of %d, 95%%; the "
                        + "helper's fork with nothing mapped: %.2f ms); the replayed linux-strategy fork with dense: %.2f ms%n",
                s.regions(), s.vmas(), s.anonPages(), s.filePages(), s.nanos().estimate() / 1e6, s.nanos().low() / 1e6,
                s.nanos().high() / 1e6, REAL_FORK_ROUNDS, s.emptyNanos() / 1e6, dense / 1e6);
    }

    private static String ratio(double v, double base) {
        return Double.isNaN(base) ? "-" : String.format(Locale.ROOT, "%.2fx", v / base);
    }

    private static String timings(StaticReplay.Result s) {
        StringBuilder b = new StringBuilder();
        for (String op : new String[] {"get", "increment", "decrement"}) {
            OpTiming real = s.timing(op, "real");
            OpTiming uni = s.timing(op, "uniform");
            if (real != null && uni != null) {
                b.append(String.format(Locale.ROOT, "%6.1f/%-6.1f ", real.medianNanos(), uni.medianNanos()));
            }
        }
        return b.toString().strip();
    }

    static void printSharing(PrintStream out, String name, SharingSummary s) {
        out.printf(Locale.ROOT, "%s: %d frames, %d mapped, %d counted (map count >= 2), %d processes, %d present pages%n",
                name, s.hostFrames(), s.mappedFrames(), s.countedFrames(), s.processes(), s.pages());
        for (SharingSummary.Pair p : s.pairs()) {
            out.printf(Locale.ROOT, "  fork pair %d -> %d: %d pages still shared, %d copied on write (%.1f%%), "
                            + "%d shared frames in %d 2 MiB areas (%.1f per area)%n",
                    p.parent(), p.child(), p.shared(), p.broken(), 100 * p.brokenShare(), p.sharedFrames(), p.sharedAreas(),
                    p.sharedPerArea());
        }
    }

}
