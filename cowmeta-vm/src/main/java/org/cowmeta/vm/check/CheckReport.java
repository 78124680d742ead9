package org.cowmeta.vm.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the {@link InvariantChecker} found: the violations (each naming its frame), and what it
 * walked. Keeps the first {@value #KEEP} violations in full and counts the rest.
 */
public final class CheckReport {
    private static final int KEEP = 50;

    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    long addressSpaces;
    long morsels;
    long tables;
    long pages;
    long countedFrames;

    void violation(String what) {
        violationCount++;
        if (violations.size() < KEEP) {
            violations.add(what);
        }
    }

    public boolean ok() {
        return violationCount == 0;
    }

    public long violationCount() {
        return violationCount;
    }

    public List<String> violations() {
        return Collections.unmodifiableList(violations);
    }

    /** Distinct page tables reached. */
    public long tables() {
        return tables;
    }

    /** Distinct data pages reached. */
    public long pages() {
        return pages;
    }

    /** Frames referenced more than once (the entries the refcount table must hold). */
    public long countedFrames() {
        return countedFrames;
    }

    /** Throws {@link AssertionError} listing the violations, prefixed by {@code context} (e.g. a seed). */
    public CheckReport assertOk(String context) {
        if (!ok()) {
            throw new AssertionError(context + ": " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(addressSpaces).append(" address spaces, ").append(morsels).append(" detached morsels, ")
                .append(tables).append(" tables, ").append(pages).append(" pages, ")
                .append(countedFrames).append(" counted frames: ");
        if (ok()) {
            return b.append("ok").toString();
        }
        b.append(violationCount).append(" violations");
        for (String v : violations) {
            b.append("\n  ").append(v);
        }
        if (violationCount > violations.size()) {
            b.append("\n  ... and ").append(violationCount - violations.size()).append(" more");
        }
        return b.toString();
    }
}
