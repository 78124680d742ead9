package org.cowmeta.vm.system;

/**
 * A mapped range of an address space, [start, end): anonymous memory (demand-zero) or a mounted
 * morsel of {@code morselLevel}.
 */
public record Region(long start, long end, Kind kind, int morselLevel) {

    public enum Kind { ANONYMOUS, MORSEL }

    public long length() {
        return end - start;
    }

    public boolean contains(long va) {
        return va >= start && va < end;
    }

    boolean overlaps(long s, long e) {
        return s < end && start < e;
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x) %s", start, end,
                kind == Kind.ANONYMOUS ? "anonymous" : "morsel L" + morselLevel);
    }
}
