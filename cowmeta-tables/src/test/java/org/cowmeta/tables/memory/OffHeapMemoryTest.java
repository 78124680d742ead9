package org.cowmeta.tables.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OffHeapMemoryTest {
    @Test
    void largeArraysAreZeroedAlignedAndUsable() {
        long bytes = 3 * OffHeapMemory.HUGE_PAGE + 4096;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = OffHeapMemory.allocate(arena, bytes, 64);
            assertEquals(bytes, s.byteSize());
            assertEquals(0, s.address() % 64);
            for (long off = 0; off < bytes; off += 4096) {
                assertEquals(0L, s.get(ValueLayout.JAVA_LONG, off), "offset " + off);
                s.set(ValueLayout.JAVA_LONG, off, off + 1);
            }
            assertEquals(bytes - 4096 + 1, s.get(ValueLayout.JAVA_LONG, bytes - 4096));
        }
    }

    @Test
    void onLinuxWithNativeAccessLargeArraysAreHugePageAligned() {
        if (!OffHeapMemory.hugePagesAdvised()) {
            assertTrue(!Files.exists(Path.of("/proc/self/smaps")) || !System.getProperty("os.name").contains("Linux")
                    || !OffHeapMemory.class.getModule().isNativeAccessEnabled(),
                    "Linux with native access must advise huge pages");
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = OffHeapMemory.allocate(arena, 2 * OffHeapMemory.HUGE_PAGE, 64);
            assertEquals(0, s.address() % OffHeapMemory.HUGE_PAGE);
        }
    }

    @Test
    void smallArraysComeFromTheArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = OffHeapMemory.allocate(arena, 4096, 64);
            assertEquals(4096, s.byteSize());
            assertEquals(0, s.address() % 64);
            assertEquals(0L, s.get(ValueLayout.JAVA_LONG, 4088));
        }
    }
}
