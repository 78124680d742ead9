package org.cowmeta.lab.results;

/** Where producers (micro benchmarks, scenarios, replay, ...) put their figures. Thread-safe. */
@FunctionalInterface
public interface ResultSink {
    void add(ResultRow row);
}
