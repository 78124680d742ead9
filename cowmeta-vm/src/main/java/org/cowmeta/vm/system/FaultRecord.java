package org.cowmeta.vm.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one operation (an access and its fault, a fork, an unmap) did, or a sum of many: the
 * deterministic counts that scenarios report beside times. Mutable and reusable so that the
 * hot path fills one per thread without allocating; {@link VmCounters} sums them.
 */
public final class FaultRecord {
    long accesses;
    long faults;
    long zeroFills;
    long tablesAllocated;
    long tableCopies;
    long pageCopies;
    long tableReuses;
    long pageReuses;
    long gets;
    long increments;
    long decrements;
    long incrementAllCalls;
    long incrementAllFrames;
    long decrementAllCalls;
    long decrementAllFrames;
    long framesAllocated;
    long framesFreed;
    long outOfMemory;
    long forks;
    FaultResult result = FaultResult.OK;

    /** Reads and writes done. */
    public long accesses() { return accesses; }
    /** Accesses that found a write-protected or absent entry and ran the fault handler. */
    public long faults() { return faults; }
    /** Data pages allocated and zeroed on first touch. */
    public long zeroFills() { return zeroFills; }
    /** Page tables allocated empty on first touch (not copies). */
    public long tablesAllocated() { return tablesAllocated; }
    /** COW breaks of a page table (512 entries copied). */
    public long tableCopies() { return tableCopies; }
    /** COW breaks of a data page (4 KiB or a tag copied). */
    public long pageCopies() { return pageCopies; }
    /** Write-protected page tables made writable without a copy (count 1). */
    public long tableReuses() { return tableReuses; }
    /** Write-protected pages made writable without a copy (count 1). */
    public long pageReuses() { return pageReuses; }
    public long gets() { return gets; }
    public long increments() { return increments; }
    public long decrements() { return decrements; }
    public long incrementAllCalls() { return incrementAllCalls; }
    public long incrementAllFrames() { return incrementAllFrames; }
    public long decrementAllCalls() { return decrementAllCalls; }
    public long decrementAllFrames() { return decrementAllFrames; }
    /** All refcount-table calls: single ones plus batch calls (a batch counts once). */
    public long refCountCalls() { return gets + increments + decrements + incrementAllCalls + decrementAllCalls; }
    public long framesAllocated() { return framesAllocated; }
    public long framesFreed() { return framesFreed; }
    /** Operations that failed for lack of frames. */
    public long outOfMemory() { return outOfMemory; }
    public long forks() { return forks; }
    /** The result of the last operation recorded here (meaningful for a single-operation record). */
    public FaultResult result() { return result; }

    public FaultRecord reset() {
        accesses = faults = zeroFills = tablesAllocated = tableCopies = pageCopies = 0;
        tableReuses = pageReuses = gets = increments = decrements = 0;
        incrementAllCalls = incrementAllFrames = decrementAllCalls = decrementAllFrames = 0;
        framesAllocated = framesFreed = outOfMemory = forks = 0;
        result = FaultResult.OK;
        return this;
    }

    /** Copies {@code o} into this record. */
    public FaultRecord set(FaultRecord o) {
        reset();
        add(o);
        result = o.result;
        return this;
    }

    public FaultRecord add(FaultRecord o) {
        accesses += o.accesses;
        faults += o.faults;
        zeroFills += o.zeroFills;
        tablesAllocated += o.tablesAllocated;
        tableCopies += o.tableCopies;
        pageCopies += o.pageCopies;
        tableReuses += o.tableReuses;
        pageReuses += o.pageReuses;
        gets += o.gets;
        increments += o.increments;
        decrements += o.decrements;
        incrementAllCalls += o.incrementAllCalls;
        incrementAllFrames += o.incrementAllFrames;
        decrementAllCalls += o.decrementAllCalls;
        decrementAllFrames += o.decrementAllFrames;
        framesAllocated += o.framesAllocated;
        framesFreed += o.framesFreed;
        outOfMemory += o.outOfMemory;
        forks += o.forks;
        return this;
    }

    /** A new record holding this one's counts minus {@code earlier}'s (what happened in between two snapshots). */
    public FaultRecord since(FaultRecord earlier) {
        FaultRecord d = new FaultRecord();
        d.accesses = accesses - earlier.accesses;
        d.faults = faults - earlier.faults;
        d.zeroFills = zeroFills - earlier.zeroFills;
        d.tablesAllocated = tablesAllocated - earlier.tablesAllocated;
        d.tableCopies = tableCopies - earlier.tableCopies;
        d.pageCopies = pageCopies - earlier.pageCopies;
        d.tableReuses = tableReuses - earlier.tableReuses;
        d.pageReuses = pageReuses - earlier.pageReuses;
        d.gets = gets - earlier.gets;
        d.increments = increments - earlier.increments;
        d.decrements = decrements - earlier.decrements;
        d.incrementAllCalls = incrementAllCalls - earlier.incrementAllCalls;
        d.incrementAllFrames = incrementAllFrames - earlier.incrementAllFrames;
        d.decrementAllCalls = decrementAllCalls - earlier.decrementAllCalls;
        d.decrementAllFrames = decrementAllFrames - earlier.decrementAllFrames;
        d.framesAllocated = framesAllocated - earlier.framesAllocated;
        d.framesFreed = framesFreed - earlier.framesFreed;
        d.outOfMemory = outOfMemory - earlier.outOfMemory;
        d.forks = forks - earlier.forks;
        d.result = result;
        return d;
    }

    /** Every count by name, in a fixed order (for reports). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("accesses", accesses);
        m.put("faults", faults);
        m.put("zeroFills", zeroFills);
        m.put("tablesAllocated", tablesAllocated);
        m.put("tableCopies", tableCopies);
        m.put("pageCopies", pageCopies);
        m.put("tableReuses", tableReuses);
        m.put("pageReuses", pageReuses);
        m.put("gets", gets);
        m.put("increments", increments);
        m.put("decrements", decrements);
        m.put("incrementAllCalls", incrementAllCalls);
        m.put("incrementAllFrames", incrementAllFrames);
        m.put("decrementAllCalls", decrementAllCalls);
        m.put("decrementAllFrames", decrementAllFrames);
        m.put("framesAllocated", framesAllocated);
        m.put("framesFreed", framesFreed);
        m.put("outOfMemory", outOfMemory);
        m.put("forks", forks);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Long> e : asMap().entrySet()) {
            if (e.getValue() != 0) {
                b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return b.append(b.length() > 1 ? ", " : "").append("result=").append(result).append('}').toString();
    }
}
