package org.cowmeta.tables.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Zeroed off-heap memory for the tables' large arrays, backed by transparent huge pages where
 * the operating system offers them.
 *
 * <p>Why: the kernel keeps its refcount tables in the direct map, which is mapped with huge pages,
 * so a lookup there pays a cache miss but no TLB miss. A 40 MB table in 4 KiB pages pays both on
 * every random access, which would measure the JVM's page size rather than the design. The lab
 * gives the heap the same treatment ({@code -XX:+UseTransparentHugePages}), so every table, on
 * heap or off, is measured as the kernel would run it.
 *
 * <p>How: on Linux, an array of at least one huge page is mapped with {@code mmap} (anonymous,
 * so zero-filled on first touch), aligned to 2 MiB inside the mapping, and advised with
 * {@code madvise(MADV_HUGEPAGE)} before any page is touched; the THP mode {@code madvise} (the
 * default on Debian) then backs it with 2 MiB pages. Every page is then touched once, before the
 * memory is handed out: {@code arena.allocate} zeroes its memory at allocation too, and so does
 * the kernel's {@code kvzalloc} for a bucket table, so no operation of a table pays a page fault
 * (on a virtual machine, often a host fault as well) the first time it lands on a new page. The
 * mapping is unmapped when the given
 * arena closes (for an automatic arena: when the garbage collector finds the segment
 * unreachable, the reclamation lock-free readers rely on). Elsewhere, for smaller arrays, when
 * native access is off, or with {@code -Dcowmeta.hugePages=false}, it is
 * {@code arena.allocate}: the same zeroed memory in base pages.
 */
public final class OffHeapMemory {
    /** The x86-64 and aarch64 (4 KiB granule) PMD huge page. */
    public static final long HUGE_PAGE = 2L << 20;
    /** The base page the OS maps (this package sits below the frame vocabulary of {@code Frames}, so its own constant). */
    private static final long BASE_PAGE = 4096;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final Optional<Calls> CALLS = Calls.link();

    private OffHeapMemory() {}

    /**
     * {@code bytes} of zeroed memory aligned to {@code alignment} (at most a huge page), living
     * as long as {@code arena}.
     */
    public static MemorySegment allocate(Arena arena, long bytes, long alignment) {
        if (bytes >= HUGE_PAGE && alignment <= HUGE_PAGE && CALLS.isPresent()) {
            MemorySegment s = CALLS.get().mapHuge(arena, bytes);
            if (s != null) {
                return s;
            }
        }
        return arena.allocate(bytes, alignment);
    }

    /** Whether large arrays are advised to huge pages in this JVM (Linux, native access, not switched off). */
    public static boolean hugePagesAdvised() {
        return CALLS.isPresent();
    }

    /** The three system calls, linked once; absent where they cannot be. */
    private record Calls(MethodHandle mmap, MethodHandle madvise, MethodHandle munmap) {
        static Optional<Calls> link() {
            if (!Boolean.parseBoolean(System.getProperty("cowmeta.hugePages", "true"))
                    || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                    || !OffHeapMemory.class.getModule().isNativeAccessEnabled()) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                MethodHandle madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT));
                MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                return Optional.of(new Calls(mmap, madvise, munmap));
            } catch (RuntimeException | Error e) {
                return Optional.empty(); // no libc symbols or no linker here: base pages it is
            }
        }

        /** A 2 MiB-aligned anonymous mapping of {@code bytes} advised to huge pages, or null. */
        MemorySegment mapHuge(Arena arena, long bytes) {
            long length = roundUp(bytes, HUGE_PAGE) + HUGE_PAGE; // room to align the start
            try {
                long base = (long) mmap.invokeExact(0L, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
                if (base == -1L) {
                    return null;
                }
                long start = roundUp(base, HUGE_PAGE);
                // A refusal (THP compiled out, or mode "never") leaves a working mapping in base pages.
                int ignoredRefusal = (int) madvise.invokeExact(start, roundUp(bytes, HUGE_PAGE), MADV_HUGEPAGE);
                MethodHandle unmap = munmap;
                MemorySegment s = MemorySegment.ofAddress(start).reinterpret(bytes, arena, unused -> unmapQuietly(unmap, base, length));
                for (long off = 0; off < bytes; off += BASE_PAGE) {
                    s.set(ValueLayout.JAVA_BYTE, off, (byte) 0); // fault the page in now (a huge page on its first base page)
                }
                return s;
            } catch (Throwable t) {
                return null;
            }
        }

        private static void unmapQuietly(MethodHandle munmap, long base, long length) {
            try {
                int ignored = (int) munmap.invokeExact(base, length);
            } catch (Throwable t) {
                throw new IllegalStateException("munmap failed", t);
            }
        }

        private static long roundUp(long v, long to) {
            return (v + to - 1) & -to;
        }
    }
}
