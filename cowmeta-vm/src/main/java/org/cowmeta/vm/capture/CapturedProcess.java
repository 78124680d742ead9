package org.cowmeta.vm.capture;

import java.util.Arrays;

/**
 * One process of a capture: its ids and name, and for each present page (ascending virtual page
 * number) the frame it maps and its {@link CaptureFlags}. The arrays are owned by this record;
 * callers must not modify them.
 */
public record CapturedProcess(int pid, int ppid, String comm, long[] vpns, long[] frames, byte[] flags) {

    public CapturedProcess {
        if (vpns.length != frames.length || vpns.length != flags.length) {
            throw new IllegalArgumentException("vpns, frames and flags differ in length");
        }
    }

    public int pages() {
        return vpns.length;
    }

    /** The frame mapped at {@code vpn}, or -1 if the page is not present. */
    public long frameAt(long vpn) {
        int i = Arrays.binarySearch(vpns, vpn);
        return i < 0 ? -1 : frames[i];
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + comm + ", parent " + ppid + ", " + vpns.length + " pages)";
    }
}
