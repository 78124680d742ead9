package org.cowmeta.lab.macro;

import java.util.ArrayList;
import java.util.List;

/** Runs {@code threads} workers to completion and rethrows the first failure (scenarios' parallel phases). */
final class Workers {
    interface Task {
        void run(int worker) throws Exception;
    }

    private Workers() {}

    static void run(int threads, Task task) throws Exception {
        if (threads == 1) {
            task.run(0);
            return;
        }
        List<Thread> ts = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int w = 0; w < threads; w++) {
            int me = w;
            Thread t = new Thread(() -> {
                try {
                    task.run(me);
                } catch (Exception | Error e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e instanceof Exception ex ? ex : new RuntimeException(e);
                        }
                    }
                }
            }, "cowmeta-macro-" + w);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
