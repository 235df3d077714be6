package dev.cinnabar.benchmarks.sparql;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.apache.jena.query.Query;

import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.system.progress.MonitorOutput;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.TDBInternal;

import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.sail.Sail;

import dev.cinnabar.benchmarks.bulk.Rdf4jBulkLoad;
import dev.cinnabar.benchmarks.bulk.CinnabarRdf4jBulkRunner;
import dev.cinnabar.benchmarks.bulk.Rdf4jLmdbBulkRunner;
import dev.cinnabar.benchmarks.bulk.Rdf4jNativeBulkRunner;
import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.rdf4j.CinnabarRepository;
import dev.cinnabar.rdf4j.CinnabarSail;

/**
 * A store under query: loaded by its own bulk loader into a fresh directory, closed, and reopened. Cinnabar and
 * TDB2 are Jena {@link DatasetGraph}s that SPARQL queries run on through ARQ; RDF4J's LmdbStore and NativeStore run
 * the same query text through RDF4J's own SPARQL engine ({@link Rdf4jQueries}).
 */
public final class QueryTarget implements AutoCloseable {

    /** The store names, in their default run order. */
    public static final List<String> NAMES = List.of("cinnabar", "tdb2", "rdf4j-lmdb", "rdf4j-native",
        "cinnabar-rdf4j");

    private final String name;
    private final DatasetGraph dataset;
    private final Rdf4jQueries rdf4j;
    private final long quads;
    private final double loadSeconds;

    private QueryTarget(String name, DatasetGraph dataset, long quads, double loadSeconds) {
        this.name = name;
        this.dataset = dataset;
        this.rdf4j = null;
        this.quads = quads;
        this.loadSeconds = loadSeconds;
    }

    private QueryTarget(String name, Rdf4jQueries rdf4j, long quads, double loadSeconds) {
        this.name = name;
        this.dataset = null;
        this.rdf4j = rdf4j;
        this.quads = quads;
        this.loadSeconds = loadSeconds;
    }

    /**
     * Bulk-loads {@code files} (N-Triples, gzipped or not) into a new store of kind {@code name} in the empty
     * directory {@code dir} and opens it for queries.
     *
     * @throws IllegalArgumentException for an unknown store name
     */
    public static QueryTarget load(String name, Path dir, List<Path> files) throws IOException {
        return switch (name) {
            case "cinnabar" -> loadCinnabar(dir, files);
            case "tdb2" -> loadTdb2(dir, files);
            case "rdf4j-lmdb" -> loadRdf4j(name, dir, files,
                () -> Rdf4jLmdbBulkRunner.sail(dir, Rdf4jNativeBulkRunner.INDEXES));
            case "rdf4j-native" -> loadRdf4j(name, dir, files,
                () -> Rdf4jNativeBulkRunner.sail(dir, Rdf4jNativeBulkRunner.INDEXES));
            case "cinnabar-rdf4j" -> loadCinnabarRdf4j(dir, files);
            default -> throw new IllegalArgumentException("unknown store '" + name + "': expected one of " + NAMES);
        };
    }

    /**
     * As {@link #load}, for a report's child JVM: says so on standard error, and prints the load line
     * {@code <tag>-LOAD store= quads= load_s=} on standard output.
     */
    static QueryTarget loadInChild(String name, Path dir, List<Path> files, String tag) throws IOException {
        System.err.printf("%s: loading %s%n", name, files);
        QueryTarget target = load(name, dir.toAbsolutePath(), files);
        System.err.printf("%s: %s%n", name, target);
        System.out.printf(Locale.ROOT, "%s-LOAD store=%s quads=%d load_s=%.3f%n", tag, name, target.quads(),
            target.loadSeconds());
        System.out.flush();
        return target;
    }

    /**
     * Cinnabar: {@link QuadStore#bulkLoad} (skipping LUBM's relative-IRI lines, as the bulk benchmark does), close,
     * then {@link CinnabarJena#connect(Path)}.
     */
    private static QueryTarget loadCinnabar(Path dir, List<Path> files) throws IOException {
        long t0 = System.nanoTime();
        long quads;
        try (QuadStore store = QuadStore.open(dir)) {
            store.bulkLoad(files, BulkLoadOptions.defaults().withSkipBadLines(true));
            quads = store.stats().quads();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new QueryTarget("cinnabar", CinnabarJena.connect(dir), quads, seconds);
    }

    /**
     * TDB2: its parallel bulk loader ({@code tdb2.tdbloader --loader=parallel}, as {@code Tdb2BulkRunner}), default
     * store parameters, released, then reconnected with {@link DatabaseMgr#connectDatasetGraph}.
     */
    private static QueryTarget loadTdb2(Path dir, List<Path> files) {
        Location location = Location.create(dir);
        long t0 = System.nanoTime();
        DatasetGraph loading = DatabaseMgr.connectDatasetGraph(location);
        MonitorOutput quiet = (fmt, args) -> { };
        DataLoader loader = LoaderFactory.parallelLoader(loading, quiet);
        loader.startBulk();
        try {
            loader.load(files.stream().map(Path::toString).toList());
            loader.finishBulk();
        } catch (RuntimeException e) {
            loader.finishException(e);
            throw e;
        }
        TDBInternal.expel(loading);
        double seconds = (System.nanoTime() - t0) / 1e9;
        DatasetGraph dataset = DatabaseMgr.connectDatasetGraph(location);
        long quads = Txn.calculateRead(dataset, () -> {
            DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dataset);
            return tdb.getTripleTable().getNodeTupleTable().size() + tdb.getQuadTable().getNodeTupleTable().size();
        });
        return new QueryTarget("tdb2", dataset, quads, seconds);
    }

    /**
     * RDF4J: the bulk benchmark's load ({@link Rdf4jBulkLoad#addAll}: one {@code NONE} transaction, LUBM's
     * relative-IRI lines skipped), shut down, then reopened for queries.
     */
    private static QueryTarget loadRdf4j(String name, Path dir, List<Path> files, Supplier<Sail> sail)
        throws IOException {
        long t0 = System.nanoTime();
        SailRepository loading = new SailRepository(sail.get());
        loading.init();
        try (RepositoryConnection conn = loading.getConnection()) {
            Rdf4jBulkLoad.addAll(conn, files, false);
        } finally {
            loading.shutDown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Rdf4jQueries queries = Rdf4jQueries.open(sail);
        return new QueryTarget(name, queries, queries.size(), seconds);
    }

    /**
     * Cinnabar through RDF4J, as an RDF4J user has it: {@link CinnabarRdf4jBulkRunner#addAll} (each file one
     * auto-commit {@code RepositoryConnection.add}, so the store's bulk loader), shut down, then reopened and queried
     * through RDF4J's SPARQL engine on a {@link CinnabarSail}.
     */
    private static QueryTarget loadCinnabarRdf4j(Path dir, List<Path> files) throws IOException {
        long t0 = System.nanoTime();
        CinnabarRepository loading = new CinnabarRepository(dir);
        loading.init();
        try (RepositoryConnection conn = loading.getConnection()) {
            CinnabarRdf4jBulkRunner.addAll(conn, files);
        } finally {
            loading.shutDown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Rdf4jQueries queries = Rdf4jQueries.open(() -> new CinnabarSail(dir));
        return new QueryTarget("cinnabar-rdf4j", queries, queries.size(), seconds);
    }

    /** The store's name ({@code cinnabar}, {@code tdb2}, {@code rdf4j-lmdb}, {@code rdf4j-native}, {@code cinnabar-rdf4j}). */
    public String name() {
        return name;
    }

    /**
     * The store as a Jena dataset; queries run in its read transactions.
     *
     * @throws IllegalStateException for an RDF4J store
     */
    public DatasetGraph dataset() {
        if (dataset == null) {
            throw new IllegalStateException(name + " is an RDF4J store, not a Jena dataset");
        }
        return dataset;
    }

    /** Runs {@code query} once in a read transaction, every value of every row read; the transaction is not timed. */
    public QueryRun.Outcome timed(Query query) {
        return timed(query, 0);
    }

    /**
     * As {@link #timed(Query)}, stopped after {@code timeoutMillis} (0: no limit) with a
     * {@link org.apache.jena.query.QueryCancelledException}.
     */
    public QueryRun.Outcome timed(Query query, long timeoutMillis) {
        return rdf4j != null ? rdf4j.timed(query, timeoutMillis) : QueryRun.timed(dataset, query, timeoutMillis);
    }

    /** The number of rows of {@code query}. */
    public long count(Query query) {
        return timed(query).rows();
    }

    /** Quads in the store after the load. */
    public long quads() {
        return quads;
    }

    /** Seconds from opening the new store to the load committed and the store closed. */
    public double loadSeconds() {
        return loadSeconds;
    }

    @Override
    public void close() {
        if (rdf4j != null) {
            rdf4j.close();
        } else if (name.equals("tdb2")) {
            TDBInternal.expel(dataset);
        } else {
            dataset.close();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%,d quads, loaded in %.1f s)", name, quads, loadSeconds);
    }
}
