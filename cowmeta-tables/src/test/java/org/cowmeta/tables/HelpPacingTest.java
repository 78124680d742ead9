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
        p.set(TimeUnit.MILLISECONDS.toNanos(1));
        assertTrue(p.turn());
        assertFalse(p.turn());
        Thread.sleep(5);
        assertTrue(p.turn(), "after the interval the next caller helps");
    }
}
