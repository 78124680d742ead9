package org.cowmeta.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HelpPacingTest {
    @Test
    void atFullSpeedEveryCallerHelps() {
        HelpPacing p = new HelpPacing();
        for (int i = 0; i < 100; i++) {
            assertTrue(p.turn());
        }
        p.set(TimeUnit.HOURS.toNanos(1));
        p.set(0);
        assertTrue(p.turn() && p.turn());
    }

    @Test
    void pacedOneCallerPerIntervalHelpsAndTheOthersGoOn() throws InterruptedException {
        HelpPacing p = new HelpPacing();
        p.set(TimeUnit.HOURS.toNanos(1));
        assertTrue(p.turn(), "the first caller after set() helps");
        AtomicInteger turns = new AtomicInteger();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (p.turn()) {
                        turns.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, turns.get(), "within the interval nobody else helps");
    }

    /** The interval on a clock the test moves, so no scheduler delay can make a caller late. */
    @Test
    void afterTheIntervalTheNextCallerHelps() {
        long[] now = {1_000};
        HelpPacing p = new HelpPacing(() -> now[0]);
        p.set(100);
        assertTrue(p.turn(), "the first caller after set() helps");
        assertFalse(p.turn());
        now[0] += 99;
        assertFalse(p.turn(), "99 ns later the interval is not over");
        now[0] += 1;
        assertTrue(p.turn(), "after the interval the next caller helps");
        assertFalse(p.turn(), "and only that one");
        now[0] += 1_000;
        assertTrue(p.turn(), "a late caller helps once");
        assertFalse(p.turn(), "lateness gives no credit for more turns");
    }

    @Test
    void heldNobodyHelpsUntilThePaceIsSetAgain() {
        HelpPacing p = new HelpPacing();
        p.hold();
        for (int i = 0; i < 100; i++) {
            assertFalse(p.turn());
        }
        p.set(0);
        assertTrue(p.turn());
    }
}
