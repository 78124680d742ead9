/**
 * Simulated physical memory ({@link org.cowmeta.vm.memory.PhysicalMemory}: 4 KiB frames
 * off-heap, real contents or one tag per frame, page tables real in both modes) and the frame
 * allocator contract ({@link org.cowmeta.vm.memory.FrameAllocator}; LLFree in {@code .llfree}).
 */
package org.cowmeta.vm.memory;
