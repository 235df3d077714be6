package dev.cinnabar.benchmarks.concurrency;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.RepositoryResult;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.rio.ParserConfig;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.helpers.NTriplesParserSettings;
import org.eclipse.rdf4j.sail.lmdb.LmdbStore;
import org.eclipse.rdf4j.sail.lmdb.config.LmdbStoreConfig;

/**
 * RDF4J LmdbStore through a {@link SailRepository}, one connection per operation: the small query in auto-commit
 * mode, the long query in one {@link IsolationLevels#SNAPSHOT} transaction (a long scan in a weaker level fails
 * RDF4J's consistency check when a writer commits under it), the writes in {@code begin()} (RDF4J's default level)
 * and {@code commit()}. Triple indexes {@code spoc,posc,ospc}, {@code forceSync}, 8 GiB maps (as the quads and bulk
 * benchmarks configure it). Loaded with {@code conn.add(InputStream, NTRIPLES)} in one {@code NONE} transaction,
 * LUBM's {@code <>} lines skipped.
 */
final class LmdbNativeStore implements ConcurrentStore {

    private static final ValueFactory VF = SimpleValueFactory.getInstance();
    private static final Resource DEFAULT_GRAPH = null;
    private static final long MAP_BYTES = 8L << 30;

    private final SailRepository repository;

    private LmdbNativeStore(SailRepository repository) {
        this.repository = repository;
    }

    /** Creates the store in the empty directory {@code dir} and loads {@code data} (gzipped N-Triples). */
    static LmdbNativeStore load(Path dir, Path data) throws IOException {
        LmdbStoreConfig config = new LmdbStoreConfig("spoc,posc,ospc");
        config.setForceSync(true);
        config.setTripleDBSize(MAP_BYTES);
        config.setValueDBSize(MAP_BYTES);
        SailRepository repository = new SailRepository(new LmdbStore(dir.toFile(), config));
        repository.init();
        ParserConfig lenient = new ParserConfig();
        lenient.addNonFatalError(NTriplesParserSettings.FAIL_ON_INVALID_LINES);
        try (RepositoryConnection conn = repository.getConnection();
             InputStream in = new GZIPInputStream(Files.newInputStream(data), 1 << 16)) {
            conn.setParserConfig(lenient);
            conn.begin(IsolationLevels.NONE);
            conn.add(in, RDFFormat.NTRIPLES);
            conn.commit();
        }
        return new LmdbNativeStore(repository);
    }

    @Override
    public String name() {
        return "rdf4j-lmdb";
    }

    @Override
    public String describe() {
        return "RDF4J 5.2.0 LmdbStore, spoc,posc,ospc, forceSync; small query auto-commit, long query SNAPSHOT,"
            + " writes begin()/commit()";
    }

    @Override
    public long smallQuery(String subjectIri) {
        try (RepositoryConnection conn = repository.getConnection()) {
            return count(conn.getStatements(VF.createIRI(subjectIri), null, null, false, DEFAULT_GRAPH));
        }
    }

    @Override
    public void update(long seq) {
        try (RepositoryConnection conn = repository.getConnection()) {
            conn.begin();
            conn.add(VF.createIRI(Workload.updateSubject(seq)), VF.createIRI(Workload.UPDATE_PREDICATE),
                VF.createLiteral(Workload.updateObject(seq)));
            conn.commit();
        }
    }

    @Override
    public long longQuery(int passes) {
        try (RepositoryConnection conn = repository.getConnection()) {
            conn.begin(IsolationLevels.SNAPSHOT);
            long visited = 0;
            for (int i = 0; i < passes; i++) {
                visited += count(conn.getStatements(null, null, null, false, DEFAULT_GRAPH));
            }
            conn.commit();
            return visited;
        }
    }

    @Override
    public void write(String graphIri, long first, int count) {
        IRI graph = VF.createIRI(graphIri);
        try (RepositoryConnection conn = repository.getConnection()) {
            conn.begin();
            for (long i = first; i < first + count; i++) {
                conn.add(VF.createIRI(Workload.writeSubject(i)), VF.createIRI(Workload.writePredicate(i)),
                    VF.createLiteral(Workload.writeObject(i)), graph);
            }
            conn.commit();
        }
    }

    private static long count(RepositoryResult<Statement> result) {
        try (result) {
            return result.stream().count();
        }
    }

    @Override
    public void close() {
        repository.shutDown();
    }
}
