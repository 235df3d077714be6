package dev.cinnabar.jcstress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * The main class of {@code jcstress.jar}: jcstress 0.16 with two additions.
 * <ul>
 *   <li>The forked JVMs get the Agrona flag ({@code cinnabar.agrona.flag} of the parent pom): it is prepended to
 *       {@code -jvmArgsPrepend} or {@code -jvmArgs} if given, else passed as {@code -jvmArgsPrepend}.</li>
 *   <li>The exit code. jcstress 0.16 exits 0 whatever the outcomes; this reads the run's result file back and exits
 *       1 if any result is FAILED (a forbidden or unknown outcome) or ERROR (an exception, a crash or a timeout of a
 *       forked JVM), or if no test ran at all. Interesting outcomes are printed but pass.</li>
 * </ul>
 * Options are jcstress's own ({@code -h}); {@code -l} lists the tests, {@code -p FILE} re-checks an earlier result.
 */
public final class CinnabarJCStress {

    private CinnabarJCStress() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(withAgronaFlag(args, agronaFlag())));
    }

    static int run(String[] args) throws Exception {
        System.out.println("Cinnabar jcstress tests (jcstress 0.16), arguments: " + String.join(" ", args));
        Options options = new Options(args);
        if (!options.parse()) {
            return 1;
        }
        JCStress jcstress = new JCStress(options);
        if (options.shouldList()) {
            jcstress.getTests().forEach(System.out::println);
            return 0;
        }
        try {
            if (options.shouldParse()) {
                jcstress.parseResults();
            } else {
                jcstress.run();
            }
        } catch (AssertionError e) {
            // jcstress 0.16 reports FAILED and ERROR results by throwing this after its reports are written; the
            // check below grades the same results again, and also catches a run that produced none.
            System.out.println(e.getMessage());
        }
        return check(options.getResultFile());
    }

    /** Grades every result in {@code resultFile}; prints a summary and returns the exit code. */
    static int check(String resultFile) throws IOException, ClassNotFoundException {
        if (!Files.isRegularFile(Path.of(resultFile))) {
            System.out.println("jcstress wrote no result file " + resultFile + ": no test ran (wrong -t filter, or"
                + " no tests compiled into the jar?)");
            return 1;
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(resultFile, collector);
        reader.dump();
        reader.close();
        int passed = 0;
        int interesting = 0;
        List<String> failures = new ArrayList<>();
        for (TestResult result : collector.getTestResults()) {
            String name = result.getName() + " " + (result.getConfig() == null ? "" : result.getConfig().jvmArgs);
            if (result.status() != Status.NORMAL) {
                List<String> messages = result.getMessages();
                failures.add("ERROR  " + result.status() + " " + name
                    + (messages.isEmpty() ? "" : " " + messages.get(0).strip()));
                continue;
            }
            TestGrading grading = result.grading();
            if (!grading.isPassed) {
                failures.add("FAILED " + name + " " + grading.failureMessages);
                continue;
            }
            passed++;
            if (grading.hasInteresting) {
                interesting++;
            }
        }
        System.out.println();
        System.out.println("Cinnabar jcstress check of " + resultFile + ":");
        failures.forEach(f -> System.out.println("  " + f));
        if (passed + failures.size() == 0) {
            System.out.println("  no test results at all: no test ran (wrong -t filter, or no tests compiled into the jar?)");
            return 1;
        }
        System.out.println("  " + interesting + " of the passed results had an acceptable-interesting outcome"
            + " (see the report above)");
        System.out.println("jcstress: " + passed + " passed, " + failures.size() + " failed");
        return failures.isEmpty() ? 0 : 1;
    }

    /** {@code args} with {@code flag} added to the forked JVMs' arguments, unless it is there already. */
    static String[] withAgronaFlag(String[] args, String flag) {
        List<String> result = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i + 1 < result.size(); i++) {
            String option = result.get(i);
            if (option.equals("-jvmArgsPrepend") || option.equals("-jvmArgs")) {
                if (!result.get(i + 1).contains(flag)) {
                    result.set(i + 1, flag + " " + result.get(i + 1));
                }
                return result.toArray(new String[0]);
            }
        }
        result.add("-jvmArgsPrepend");
        result.add(flag);
        return result.toArray(new String[0]);
    }

    private static String agronaFlag() throws IOException {
        try (InputStream in = CinnabarJCStress.class.getResourceAsStream("/cinnabar-jcstress.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("agrona.flag");
        }
    }
}
