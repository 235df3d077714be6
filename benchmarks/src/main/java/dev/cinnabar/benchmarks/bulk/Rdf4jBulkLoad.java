package dev.cinnabar.benchmarks.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.rio.ParserConfig;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.helpers.NTriplesParserSettings;
import org.eclipse.rdf4j.sail.Sail;

/**
 * The load of both RDF4J runners: {@code RepositoryConnection.add(InputStream, RDFFormat.NTRIPLES)} of each file
 * (gunzipped by {@link BulkRunnerSupport#open}) in one transaction of isolation level {@code NONE}, RDF4J's advice
 * for bulk loads (no isolation bookkeeping: the sail writes straight through), then {@code commit()} and
 * {@code shutDown()}. Timed: from just before the first file is opened to the repository shut down.
 *
 * <p>The parser is configured leniently: {@code FAIL_ON_INVALID_LINES} is a non-fatal error, so a line the parser
 * rejects is skipped (and logged to the no-op logger) instead of aborting the load; LUBM's two {@code <>} triples
 * are such lines (RDF4J's IRIs must be absolute). Duplicate lines are stored once. The count is taken afterwards,
 * untimed, from the reopened store ({@code RepositoryConnection.size()}). With the system property
 * {@value #STRICT_PROPERTY}{@code =true} the parser keeps RDF4J's defaults instead: then LUBM's first {@code <>}
 * line aborts the load.
 */
public final class Rdf4jBulkLoad {

    /** System property: {@code true} to parse with RDF4J's default (strict) parser configuration. */
    static final String STRICT_PROPERTY = "cinnabar.rdf4j.strictParse";

    private Rdf4jBulkLoad() {
    }

    static void run(String runner, String[] argv, Function<Path, Sail> sailFactory, Map<String, Object> config)
        throws IOException {
        run(runner, argv, dir -> new SailRepository(sailFactory.apply(dir)), Rdf4jBulkLoad::addAll, config);
    }

    /** How a runner adds the files to a connection; {@code strict} as {@link #addAll}. */
    interface Load {
        void add(RepositoryConnection conn, List<Path> files, boolean strict) throws IOException;
    }

    /** {@link #run(String, String[], Function, Map)} with the runner's own repository and load. */
    static void run(String runner, String[] argv, Function<Path, SailRepository> repositories, Load load,
        Map<String, Object> config) throws IOException {
        BulkRunnerSupport.Args args = BulkRunnerSupport.parseArgs(runner, argv);
        boolean strict = Boolean.getBoolean(STRICT_PROPERTY);
        long t0 = System.nanoTime();
        SailRepository repository = repositories.apply(args.storeDir());
        repository.init();
        double openSeconds = BulkRunnerSupport.secondsSince(t0);
        long t1 = System.nanoTime();
        try (RepositoryConnection conn = repository.getConnection()) {
            load.add(conn, args.files(), strict);
        }
        repository.shutDown();
        double seconds = BulkRunnerSupport.secondsSince(t1);

        SailRepository reopened = repositories.apply(args.storeDir());
        reopened.init();
        long quads;
        try (RepositoryConnection conn = reopened.getConnection()) {
            quads = conn.size();
        }
        reopened.shutDown();

        Map<String, Object> extras = new LinkedHashMap<>(config);
        extras.put("parser", strict ? "strict" : "invalid-lines-skipped");
        extras.put("open_s", String.format("%.3f", openSeconds));
        BulkRunnerSupport.printResult(quads, seconds, extras);
    }

    /**
     * Adds the N-Triples {@code files} (gzipped or not) in one transaction of isolation level {@code NONE} and
     * commits it; unless {@code strict}, a line the parser rejects is skipped (see the class comment).
     */
    public static void addAll(RepositoryConnection conn, List<Path> files, boolean strict) throws IOException {
        conn.setParserConfig(parserConfig(strict));
        conn.begin(IsolationLevels.NONE);
        for (Path file : files) {
            try (InputStream in = BulkRunnerSupport.open(file)) {
                conn.add(in, RDFFormat.NTRIPLES);
            }
        }
        conn.commit();
    }

    /** RDF4J's parser configuration, or unless {@code strict} one that skips a line it rejects (see above). */
    public static ParserConfig parserConfig(boolean strict) {
        ParserConfig parserConfig = new ParserConfig();
        if (!strict) {
            parserConfig.addNonFatalError(NTriplesParserSettings.FAIL_ON_INVALID_LINES);
        }
        return parserConfig;
    }
}
