package org.cowmeta.lab.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void theTimeLeftIsTheMeanReportedStepTimesTheStepsLeft() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress("micro", 10, new PrintStream(b, true, StandardCharsets.UTF_8), 0);
        p.step("one", 3_000_000_000L);
        p.step("two", 1_000_000_000L);
        String out = b.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("cowmeta: micro [1/10] one (3.0 s;"), out);
        assertTrue(out.contains("[2/10] two (1.0 s;"), out);
        assertTrue(out.lines().toList().get(1).endsWith("about 0:16 left)"), "8 steps left at a mean of 2 s: " + out);
    }

    @Test
    void clockFormat() {
        assertEquals("0:05", Progress.clock(5_000_000_000L));
        assertEquals("2:05", Progress.clock(125_000_000_000L));
        assertEquals("1:00:01", Progress.clock(3_601_000_000_000L));
    }
}
