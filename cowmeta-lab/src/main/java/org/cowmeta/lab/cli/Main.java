package org.cowmeta.lab.cli;

import org.cowmeta.tables.TableRegistry;

/** The cowmeta command line. (Grows into the picocli CLI of the lab.) */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("cowmeta tables: " + String.join(", ", TableRegistry.names()));
    }
}
