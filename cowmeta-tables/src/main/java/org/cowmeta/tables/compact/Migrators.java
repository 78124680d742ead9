package org.cowmeta.tables.compact;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon threads that migrate the resizes of compact tables whose {@code migrator} is
 * {@code background}: one thread per resize in progress, reused by the next resize and gone after
 * a minute without one. Shared by every table of the JVM, as the kernel's system workqueue is
 * shared by every rhashtable.
 */
final class Migrators {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "compact-migrator");
        t.setDaemon(true);
        return t;
    });

    private Migrators() {}

    static void start(Runnable migration) {
        THREADS.execute(migration);
    }
}
