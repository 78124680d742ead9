package org.cowmeta.tables.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cowmeta.tables.RefCountTable;
import org.cowmeta.tables.ResizeControl;
import org.cowmeta.tables.TableConfig;
import org.cowmeta.tables.TableSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A resize in progress hides nothing and loses nothing: while a grow or shrink runs, stepped unit
 * by unit with both readers completing a sweep at each of about {@link #HANDSHAKES} points of the
 * migration ({@link SteppedResize}), the readers look up every counted frame again and again and
 * must always find its exact count, and a writer's updates made during the resize must all be
 * there afterwards. Tables without {@link ResizeControl} are skipped.
 */
class ResizeVisibilityTest {
    private static final int PRESENT = 3000;
    private static final long HANDSHAKES = 48;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.cowmeta.tables.contract.Registered#specs")
    void growHidesNothing(TableSpec spec) throws Exception {
        check(spec, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.cowmeta.tables.contract.Registered#specs")
    void shrinkHidesNothing(TableSpec spec) throws Exception {
        check(spec, false);
    }

    private static void check(TableSpec spec, boolean grow) throws Exception {
        long seed = Registered.seed();
        String where = ContractTest.where(spec, seed, -1, -1) + (grow ? " grow" : " shrink");
        // The resize under test is the one the test starts: with automatic shrinking on, the
        // writer's removals could begin one first (a background migrator's, a moment after it was
        // asked for), and the test's own start would then find a resize in progress.
        TableConfig config = TableConfig.of(Registered.PHYSICAL_FRAMES).withSeed(seed).withOption("automaticShrinking", "false");
        try (RefCountTable table = spec.create(config)) {
            Assumptions.assumeTrue(table.resizeControl().isPresent(), spec.name() + " has no resize control");
            ResizeControl control = table.resizeControl().get();
            SplittableRandom rnd = new SplittableRandom(seed);
            // Distinct frames: the fixed (read-only) ones and the ones a writer changes during the resize.
            long[] frames = rnd.longs(Registered.PHYSICAL_FRAMES / 4 * 3, Registered.PHYSICAL_FRAMES)
                    .distinct().limit(2L * PRESENT).toArray();
            long[] fixed = java.util.Arrays.copyOfRange(frames, 0, PRESENT);
            long[] changing = java.util.Arrays.copyOfRange(frames, PRESENT, frames.length);
            long[] counts = new long[PRESENT];
            for (int i = 0; i < PRESENT; i++) {
                counts[i] = 2 + rnd.nextInt(4);
                for (long c = 1; c < counts[i]; c++) {
                    table.increment(fixed[i]);
                }
            }
            control.awaitQuiescent(); // a resize the fill began (a background migrator's) ends first
            if (!grow) {
                // Give a shrink room: grow first, then let the table settle.
                if (control.startGrow()) {
                    control.awaitQuiescent();
                }
            }
            long resizesBefore = table.stats().resizes();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sweeps = new AtomicLong();
            AtomicLong sweepsDuringResize = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int offset = r * PRESENT / 2;
                readers.add(Thread.ofPlatform().name("reader-" + r).start(() -> {
                    while (!stop.get()) {
                        boolean during = control.inProgress();
                        for (int j = 0; j < PRESENT; j++) {
                            int i = (j + offset) % PRESENT;
                            long c = table.get(fixed[i]);
                            if (c != counts[i]) {
                                failures.add(where + " get(" + fixed[i] + ") = " + c + ", expected " + counts[i]
                                        + (control.inProgress() ? " during the resize" : ""));
                                return;
                            }
                        }
                        if (during && control.inProgress()) {
                            sweepsDuringResize.incrementAndGet();
                        }
                        sweeps.incrementAndGet();
                    }
                }));
            }
            // The writer: inserts, counts up and back down, and removes frames while the resize runs.
            long[] written = new long[changing.length];
            Thread writer = Thread.ofPlatform().name("writer").start(() -> {
                SplittableRandom w = new SplittableRandom(seed + 1);
                while (!stop.get()) {
                    int i = w.nextInt(changing.length);
                    if (written[i] > 0 && w.nextBoolean()) {
                        table.decrement(changing[i]);
                        written[i]--;
                    } else {
                        table.increment(changing[i]);
                        written[i]++;
                    }
                }
            });
            // Each reader finishes a sweep begun after the unit (4 completions of the 2 readers).
            SteppedResize driver = SteppedResize.readers(control, sweeps::get, 4,
                    () -> !failures.isEmpty() || readers.stream().noneMatch(Thread::isAlive));
            boolean started = driver.run(grow, Math.max(1, control.migrationUnits() / HANDSHAKES));
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            writer.join();
            Assumptions.assumeTrue(started, spec.name() + (grow ? " could not start a grow" : " could not start a shrink"));
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            // The handshake before the first unit waits for sweeps while the held resize cannot end.
            assertTrue(sweepsDuringResize.get() > 0, where + " no sweep ran while the resize was held in progress");
            assertTrue(table.stats().resizes() > resizesBefore, where + " stats().resizes() did not count the resize");
            long counted = PRESENT;
            for (int i = 0; i < PRESENT; i++) {
                assertEquals(counts[i], table.get(fixed[i]), where + " fixed frame " + fixed[i] + " after the resize");
            }
            for (int i = 0; i < changing.length; i++) {
                assertEquals(1 + written[i], table.get(changing[i]), where + " written frame " + changing[i] + " after the resize");
                if (written[i] > 0) {
                    counted++;
                }
            }
            assertEquals(counted, table.entries(), where + " entries() after the resize");
        }
    }
}
