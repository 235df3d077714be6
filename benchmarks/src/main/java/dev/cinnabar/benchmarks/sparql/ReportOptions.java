package dev.cinnabar.benchmarks.sparql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The options every query report (LUBM, BSBM) shares: which stores, and how their child JVMs run. Each report
 * parses its own options and hands the rest to {@link #accept}.
 */
final class ReportOptions {

    List<String> stores = QueryTarget.NAMES;
    String xmx = "2g";
    final List<String> jvmArgs = new ArrayList<>();
    final Map<String, List<String>> jvmArgsFor = new LinkedHashMap<>();
    Path workDir;
    boolean keep;
    int timeoutMinutes = 30;

    ReportOptions(Path workDir) {
        this.workDir = workDir;
    }

    /** The usage lines of these options, with the report's default work directory. */
    String usage() {
        return String.join("\n",
            "  --stores a,b          cinnabar,tdb2,rdf4j-lmdb,rdf4j-native,cinnabar-rdf4j (default; run order;",
            "                        cinnabar-rdf4j is Cinnabar through RDF4J: a column, not a peer)",
            "  --xmx SIZE            -Xmx of each child JVM (default 2g)",
            "  --jvm-arg ARG         one more argument for every child JVM (repeatable)",
            "  --jvm-arg-for S=ARG   one more argument for store S's JVM only (repeatable), e.g. a JFR recording",
            "  --work-dir DIR        stores go here, each deleted after its run (default " + workDir + ")",
            "  --keep                keep the stores",
            "  --timeout-min N       stop a child after N minutes (default 30)");
    }

    /**
     * Takes {@code arg} with its {@code value} if it is one of these options.
     *
     * @return false if {@code arg} is not one of them
     * @throws IllegalArgumentException for a bad value
     */
    boolean accept(String arg, String value) {
        switch (arg) {
            case "--stores" -> {
                stores = List.of(value.split(","));
                for (String store : stores) {
                    if (!QueryTarget.NAMES.contains(store)) {
                        throw new IllegalArgumentException("unknown store '" + store + "': expected "
                            + QueryTarget.NAMES);
                    }
                }
            }
            case "--xmx" -> xmx = value;
            case "--jvm-arg" -> jvmArgs.add(value);
            case "--jvm-arg-for" -> {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--jvm-arg-for expects STORE=ARG, got " + value);
                }
                jvmArgsFor.computeIfAbsent(value.substring(0, eq), k -> new ArrayList<>())
                    .add(value.substring(eq + 1));
            }
            case "--work-dir" -> workDir = Paths.get(value);
            case "--timeout-min" -> timeoutMinutes = Math.max(1, nonNegative(arg, value));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A report's run over its parsed options: the exit status. */
    interface Report<O> {
        int run(O options) throws Exception;
    }

    /**
     * A report's {@code main}: {@code parse} the arguments ({@code null}: print the usage and stop), exit with
     * status 2 and the usage on a usage error, else exit with the status of {@code report}.
     */
    static <O> void main(String tool, String usage, String[] argv, Function<String[], O> parse, Report<O> report)
        throws Exception {
        Locale.setDefault(Locale.ROOT);
        O options;
        try {
            options = parse.apply(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage);
            return;
        }
        System.exit(report.run(options));
    }

    /**
     * Parses {@code argv}: {@code --keep} and the options of {@link #accept} here, every other {@code --name value}
     * by {@code specific}, which throws {@link IllegalArgumentException} for an option it does not know.
     *
     * @return false if {@code --help} was asked for
     */
    boolean parse(String[] argv, BiConsumer<String, String> specific) {
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return false;
            }
            if (arg.equals("--keep")) {
                keep = true;
                continue;
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = argv[++i];
            if (!accept(arg, value)) {
                specific.accept(arg, value);
            }
        }
        return true;
    }

    /** The child JVMs' settings. */
    ChildJvm.Settings childSettings() {
        return new ChildJvm.Settings(xmx, jvmArgs, jvmArgsFor, timeoutMinutes);
    }

    /** {@code value} as a number of at least 0. */
    static int nonNegative(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number >= 0, got " + value);
        }
    }
}
