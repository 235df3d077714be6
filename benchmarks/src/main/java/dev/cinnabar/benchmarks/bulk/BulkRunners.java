package dev.cinnabar.benchmarks.bulk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.cinnabar.benchmarks.quads.StoreFiles;

/**
 * The bulk loaders of {@link BulkLoadReport}, by name: the one place a runner is registered.
 *
 * <h2>The runner contract</h2>
 *
 * A runner is a class with a {@code public static void main(String[])}, in the shaded {@code benchmarks.jar}. The
 * report starts it in a JVM of its own:
 *
 * <pre>
 * java -Xmx2g --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -Dcinnabar.shared=DIR [runner's JVM args]
 *     -cp benchmarks.jar MAIN_CLASS &lt;store-dir&gt; &lt;file.nt.gz&gt; [&lt;file.nt.gz&gt; ...]
 * </pre>
 *
 * <ul>
 *   <li><b>Arguments</b>: the store directory first (absolute; it exists and is empty), then one or more data
 *       files (absolute paths, gzipped N-Triples, {@code .nt.gz}), to be loaded in order into the default graph.
 *       {@link BulkRunnerSupport#parseArgs} parses them.</li>
 *   <li><b>Load</b>: read and parse the files from disk (the parse is part of a bulk load: nothing is parsed
 *       before the clock starts; {@link BulkRunnerSupport#open} gunzips through 1 MiB buffers), store them, commit
 *       durably and close the store. Lenient where the data has warts: duplicate lines are one quad; a line the
 *       parser must reject (LUBM's relative IRI {@code <>}) is skipped and counted, not fatal, where the loader
 *       allows it.</li>
 *   <li><b>Clock</b>: from just before the load starts (the store may be created or opened before; report that
 *       time as {@code open_s}) to the store durably committed and closed.</li>
 *   <li><b>Count</b>: afterwards, untimed: the number of quads the store holds, as the store counts them (reopen
 *       it, or count before close and keep that time out of the clock).</li>
 *   <li><b>Output</b>: exactly one line on standard output, printed by
 *       {@link BulkRunnerSupport#printResult(long, double, Map)}:
 *       <pre>BULK-RESULT quads=&lt;long&gt; seconds=&lt;decimal&gt; vmhwm_kib=&lt;long&gt; [key=value ...]</pre>
 *       {@code vmhwm_kib} is the JVM's own {@code VmHWM} ({@code printResult} reads it). Extra {@code key=value}
 *       pairs (no white space) are shown in the report's configuration lines; the report knows these:
 *       {@code loader} (what ran), {@code open_s}, {@code parsed} (statements the parser delivered),
 *       {@code skipped} (lines rejected), and {@code bytes.KIND=<long>} (the store's own split of its bytes on disk
 *       by kind, e.g. {@code bytes.index.SPOG}: shown instead of the split by file names; the total is always the
 *       report's own {@code du} of the directory). Any number of {@code BULK-NOTE <text>} lines may come before it
 *       (echoed). Everything else on standard output and standard error goes to the run's log file only.</li>
 *   <li><b>Exit</b>: status 0 after the result line; any other status, or no result line, is a failed run.</li>
 * </ul>
 *
 * A Cinnabar runner is then a few lines:
 *
 * <pre>{@code
 * public static void main(String[] argv) throws Exception {
 *     BulkRunnerSupport.Args args = BulkRunnerSupport.parseArgs("CinnabarBulkRunner", argv);
 *     long t0 = System.nanoTime();
 *     ... open the store in args.storeDir(), bulk-load args.files(), commit, close ...
 *     double seconds = BulkRunnerSupport.secondsSince(t0);
 *     long quads = ... reopen and count ...;
 *     BulkRunnerSupport.printResult(quads, seconds, Map.of("loader", "cinnabar", "skipped", skipped));
 * }
 * }</pre>
 */
public final class BulkRunners {

    private BulkRunners() {
    }

    /**
     * A registered runner.
     *
     * @param name     the name used in {@code --loaders}
     * @param mainClass the runner's main class (a string, so a registered class is only needed when it runs)
     * @param jvmArgs  extra arguments of the runner's JVM (system properties)
     * @param peer     whether it is a peer, the reference of the ratios (Cinnabar is not)
     * @param kindOf   the kind of a store file, by its path relative to the store directory, for the space split
     */
    public record Runner(String name, String mainClass, List<String> jvmArgs, boolean peer,
                         Function<Path, String> kindOf) {
    }

    private static final String PACKAGE = "dev.cinnabar.benchmarks.bulk.";

    /** Every runner, by name, in the default run order. */
    private static final Map<String, Runner> ALL = new LinkedHashMap<>();
    /** The runners that run by default, in order. */
    public static final List<String> DEFAULT;

    static {
        List<String> defaults = new ArrayList<>();
        // Cinnabar first, so it runs before the peers fill the page cache.
        add(defaults, new Runner("cinnabar", PACKAGE + "CinnabarBulkRunner", List.of(), false, BulkRunners::byName));
        add(defaults, new Runner("tdb2", PACKAGE + "Tdb2BulkRunner", List.of(), true, StoreFiles::baseName));
        add(defaults, new Runner("rdf4j-native", PACKAGE + "Rdf4jNativeBulkRunner", List.of(), true,
            BulkRunners::rdf4jNativeKind));
        add(defaults, new Runner("rdf4j-lmdb", PACKAGE + "Rdf4jLmdbBulkRunner", List.of(), true,
            BulkRunners::byName));
        // Cinnabar as an RDF4J user loads it: shown with its ratios, not a peer (it is us).
        add(defaults, new Runner("cinnabar-rdf4j", PACKAGE + "CinnabarRdf4jBulkRunner", List.of(), false,
            BulkRunners::byName));
        DEFAULT = List.copyOf(defaults);
        // Not run by default: each TDB2 loader by name, to compare (tdb2 is the parallel loader).
        for (String loader : List.of("phased", "parallel", "sequential", "basic")) {
            add(null, new Runner("tdb2-" + loader, PACKAGE + "Tdb2BulkRunner",
                List.of("-D" + Tdb2BulkRunner.LOADER_PROPERTY + "=" + loader), true, StoreFiles::baseName));
        }
        // Not run by default: Cinnabar through RDF4J in one explicit transaction, RDF4J's statement path.
        add(null, new Runner("cinnabar-rdf4j-txn", PACKAGE + "CinnabarRdf4jBulkRunner",
            List.of("-D" + CinnabarRdf4jBulkRunner.PATH_PROPERTY + "=txn"), false, BulkRunners::byName));
    }

    private static void add(List<String> defaults, Runner runner) {
        ALL.put(runner.name(), runner);
        if (defaults != null) {
            defaults.add(runner.name());
        }
    }

    /** Every registered name. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The runner of that name. */
    public static Runner get(String name) {
        Runner runner = ALL.get(name);
        if (runner == null) {
            throw new IllegalArgumentException("unknown loader '" + name + "': expected one of " + names());
        }
        return runner;
    }

    /** The relative path, with runs of 3 or more digits as {@code *}: {@code quads-000012.seg -> quads-*.seg}. */
    static String byName(Path relative) {
        return relative.toString().replaceAll("[0-9]{3,}", "*");
    }

    /** As {@code quads.Rdf4jNativeStore}: {@code triples-spoc.dat/.alloc -> triples-spoc}; {@code values.*} each. */
    static String rdf4jNativeKind(Path relative) {
        String name = relative.getFileName().toString();
        return name.startsWith("values.") ? name : StoreFiles.baseName(relative);
    }
}
