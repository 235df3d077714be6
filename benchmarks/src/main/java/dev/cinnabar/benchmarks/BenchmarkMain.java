package dev.cinnabar.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line (benchmark regex, {@code -f}, {@code -wi},
 * {@code -i}, {@code -w}, {@code -r}, {@code -p}, {@code -rf}/{@code -rff}, {@code -l}, {@code -h}, ...), plus what
 * every forked benchmark JVM needs:
 * <ul>
 *   <li>the Agrona flag from {@code cinnabar-jvm.properties} (filtered from the parent pom): the jar's
 *       {@code Add-Exports} manifest attribute covers only this JVM, not the forks JMH starts;</li>
 *   <li>{@value #DEFAULT_FORK_HEAP}, unless the user's JVM arguments (or, without {@code -jvmArgs}, this JVM's own
 *       arguments, which JMH gives the forks) already set {@code -Xmx};</li>
 *   <li>{@code -Dcinnabar.shared=...}: the shared data directory as resolved here, so a {@code -D} override given to
 *       this JVM reaches the forks too.</li>
 * </ul>
 * These are appended after any {@code -jvmArgsAppend} the user gave.
 */
public final class BenchmarkMain {

    static final String PROPERTIES = "/cinnabar-jvm.properties";
    static final String DEFAULT_FORK_HEAP = "-Xmx4g";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws IOException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line:");
            System.err.println(" " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp()) {
            cmd.showHelp();
            return;
        }
        if (cmd.shouldListProfilers()) {
            cmd.listProfilers();
            return;
        }
        if (cmd.shouldListResultFormats()) {
            cmd.listResultFormats();
            return;
        }
        Options options = new OptionsBuilder()
            .parent(cmd)
            .jvmArgsAppend(forkJvmArgsAppend(cmd).toArray(new String[0]))
            .build();
        try {
            Runner runner = new Runner(options);
            if (cmd.shouldList()) {
                runner.list();
            } else if (cmd.shouldListWithParams()) {
                runner.listWithParams(cmd);
            } else {
                runner.run();
            }
        } catch (RunnerException e) {
            System.err.print("ERROR: ");
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** The user's {@code -jvmArgsAppend} followed by the Agrona flag, the heap and the shared directory. */
    static List<String> forkJvmArgsAppend(Options user) throws IOException {
        List<String> append = new ArrayList<>(user.getJvmArgsAppend().orElse(List.of()));
        append.add(agronaFlag());
        if (!setsMaxHeap(user)) {
            append.add(DEFAULT_FORK_HEAP);
        }
        Optional<Path> shared = SharedData.findSharedDir();
        shared.ifPresent(dir -> append.add("-D" + SharedData.PROPERTY + "=" + dir));
        return append;
    }

    private static boolean setsMaxHeap(Options user) {
        List<String> given = new ArrayList<>();
        // Without -jvmArgs, JMH starts the forks with this JVM's own input arguments.
        given.addAll(user.getJvmArgs().orElse(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        given.addAll(user.getJvmArgsPrepend().orElse(List.of()));
        given.addAll(user.getJvmArgsAppend().orElse(List.of()));
        return anyStartsWith(given, "-Xmx") || anyStartsWith(given, "-XX:MaxHeapSize");
    }

    private static boolean anyStartsWith(Collection<String> args, String prefix) {
        return args.stream().anyMatch(arg -> arg.startsWith(prefix));
    }

    /** The Agrona JVM flag, from {@value #PROPERTIES} on the class path (also for the query reports' children). */
    public static String agronaFlag() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = BenchmarkMain.class.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(PROPERTIES + " is not on the class path: build the benchmarks with"
                    + " Maven (mvn package -pl benchmarks -am), which filters it from the parent pom");
            }
            properties.load(in);
        }
        String flag = properties.getProperty("agrona.flag");
        if (flag == null || flag.isBlank() || flag.contains("${")) {
            throw new IllegalStateException(PROPERTIES + " has no filtered agrona.flag (found '" + flag
                + "'): build the benchmarks with Maven, which fills it from the parent pom property"
                + " cinnabar.agrona.flag");
        }
        return flag.trim();
    }
}
