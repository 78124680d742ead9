package org.cowmeta.stress;

import java.util.List;
import java.util.TreeSet;
import org.cowmeta.tables.registry.TableRegistry;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Main;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

/**
 * The jcstress jar's entry point: runs jcstress with the given options (the same as
 * {@code org.openjdk.jcstress.Main}'s; {@code -h}, {@code -l} and {@code -p} go straight to it),
 * then reads the results and exits 1 when any test failed or errored, 2 when no test ran.
 * jcstress 0.16 itself exits 0 whatever the outcome, so without this the build could not fail
 * on a forbidden outcome. It also names the registered tables that have no stress tests yet.
 */
public final class StressMain {
    private StressMain() {}

    public static void main(String[] args) throws Exception {
        List<String> argList = List.of(args);
        if (argList.contains("-h") || argList.contains("-l") || argList.contains("-p")) {
            Main.main(args);
            return;
        }
        Options options = new Options(args);
        if (!options.parse()) {
            System.exit(2);
        }
        new JCStress(options).run();

        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(options.getResultFile(), collector);
        reader.dump();
        reader.close();
        int runs = 0;
        TreeSet<String> failed = new TreeSet<>();
        TreeSet<String> testedTables = new TreeSet<>();
        for (TestResult result : collector.getTestResults()) {
            runs++;
            testedTables.add(tableOf(result.getName()));
            if (result.status() != Status.NORMAL || !result.grading().isPassed) {
                failed.add(result.getName() + " (" + result.status() + ") " + String.join("; ", result.grading().failureMessages));
            } else if (result.getTotalCount() == 0) {
                // A run with no samples proves nothing; jcstress itself would call it passed.
                failed.add(result.getName() + ": no samples were recorded");
            }
        }
        TreeSet<String> untested = new TreeSet<>(TableRegistry.names());
        untested.removeAll(testedTables);
        if (!untested.isEmpty() && !argList.contains("-t")) {
            System.out.println("cowmeta-stress: registered tables without jcstress tests (name them in stress.tables of cowmeta-stress/pom.xml): "
                    + String.join(", ", untested));
        }
        if (runs == 0) {
            System.out.println("cowmeta-stress: no jcstress test ran; check the -t selector.");
            System.exit(2);
        }
        failed.forEach(f -> System.out.println("cowmeta-stress: FAILED " + f));
        System.out.println("cowmeta-stress: " + runs + " test runs over tables " + String.join(", ", testedTables)
                + "; " + failed.size() + " failed.");
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    /** The table of a test named like org.cowmeta.stress.DenseStress.Scenario: the TABLE of its class. */
    private static String tableOf(String testName) {
        String outer = testName.substring(0, testName.lastIndexOf('.'));
        try {
            return (String) Class.forName(outer).getDeclaredField("TABLE").get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return outer;
        }
    }
}
