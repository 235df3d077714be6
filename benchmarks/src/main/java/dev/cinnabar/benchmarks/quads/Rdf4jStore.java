package dev.cinnabar.benchmarks.quads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.rdf4j.common.transaction.IsolationLevel;
import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.model.vocabulary.RDF;
import org.eclipse.rdf4j.model.vocabulary.XSD;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.RepositoryResult;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.sail.Sail;

/**
 * An RDF4J Sail behind a {@link SailRepository}, used as a user would: {@code RepositoryConnection.add} in
 * {@code begin()}/{@code commit()} transactions, {@code hasStatement} and {@code getStatements} for reads.
 *
 * <p>Terms come from {@link SimpleValueFactory}, one object per distinct term, as a parser hands them over: not from
 * the store's own value factory, whose values would carry the store's internal ids once stored and so skip the
 * dictionary lookup on every later use, which Cinnabar's plain terms cannot. Default graph = the {@code null}
 * context.
 *
 * <p>The load runs in transactions of isolation level {@code cinnabar.rdf4j.loadIsolation} (system property; default
 * {@code NONE}, which RDF4J advises for bulk loads; {@code SNAPSHOT_READ}, RDF4J's default, measured the same here).
 * Each batch of reads runs in one transaction of level {@code cinnabar.rdf4j.readIsolation} (default
 * {@code SNAPSHOT_READ}; {@code AUTOCOMMIT}: no transaction, each read its own, which was slower).
 */
abstract class Rdf4jStore implements StoreUnderTest {

    /** System property: the triple indexes of both RDF4J stores. */
    static final String INDEXES_PROPERTY = "cinnabar.rdf4j.indexes";
    /**
     * Default triple indexes: each triple pattern (any graph, or one graph as the fourth key) is answered by a prefix
     * of one index, as TDB2's triple table does with SPO, POS, OSP. Patterns that bind only the graph would scan.
     */
    static final String DEFAULT_INDEXES = "spoc,posc,ospc";
    /** System property: the isolation level of the load transactions (an {@link IsolationLevels} name). */
    static final String LOAD_ISOLATION_PROPERTY = "cinnabar.rdf4j.loadIsolation";
    /** System property: the isolation level of the read transactions, or {@code AUTOCOMMIT} for none. */
    static final String READ_ISOLATION_PROPERTY = "cinnabar.rdf4j.readIsolation";

    private static final IsolationLevel LOAD_ISOLATION =
        IsolationLevels.valueOf(System.getProperty(LOAD_ISOLATION_PROPERTY, "NONE"));
    private static final String READ_ISOLATION = System.getProperty(READ_ISOLATION_PROPERTY, "SNAPSHOT_READ");
    private static final boolean READ_TXN = !READ_ISOLATION.equals("AUTOCOMMIT");

    private Path dir;
    private SailRepository repository;
    private Resource[] g;
    private Resource[] s;
    private IRI[] p;
    private Value[] o;

    static String indexes() {
        return System.getProperty(INDEXES_PROPERTY, DEFAULT_INDEXES);
    }

    /** The configured sail in {@code dir}: forced sync, so every commit is durable, as in TDB2 and Cinnabar. */
    abstract Sail createSail(Path dir);

    /** Kind of a store file, by its path relative to the data directory. */
    abstract String fileKind(Path relative);

    /** The transactions of load and reads, for {@link #describe()}. */
    String isolationNames() {
        return "load isolation " + LOAD_ISOLATION + ", reads " + (READ_TXN ? "in one " + READ_ISOLATION
            + " transaction per batch" : "in auto-commit mode");
    }

    @Override
    public Role role() {
        return Role.PEER;
    }

    @Override
    public void open(Path directory) {
        this.dir = directory;
        repository = new SailRepository(createSail(directory));
        repository.init();
    }

    @Override
    public void prepare(QuadData data) {
        ValueFactory vf = SimpleValueFactory.getInstance();
        QuadData.Converted<Value> values = data.convert(new QuadData.TermConverter<>() {
            @Override
            public Value defaultGraph() {
                return null;
            }

            @Override
            public Value iri(String iri) {
                return vf.createIRI(iri);
            }

            @Override
            public Value blankNode(String label) {
                return vf.createBNode(label);
            }

            @Override
            public Value literal(String lexical, String datatype, String lang) {
                if (!lang.isEmpty()) {
                    return vf.createLiteral(lexical, lang);
                }
                if (datatype.equals(XSD.STRING.stringValue())) {
                    return vf.createLiteral(lexical);
                }
                if (datatype.equals(RDF.LANGSTRING.stringValue())) {
                    throw new IllegalArgumentException("rdf:langString without a language tag: " + lexical);
                }
                return vf.createLiteral(lexical, vf.createIRI(datatype));
            }
        }, Value[]::new);
        int n = data.size();
        g = new Resource[n];
        s = new Resource[n];
        p = new IRI[n];
        o = values.o();
        for (int i = 0; i < n; i++) {
            g[i] = (Resource) values.g()[i];
            s[i] = (Resource) values.s()[i];
            p[i] = (IRI) values.p()[i];
        }
    }

    @Override
    public void load(int txnSize) {
        int n = s.length;
        try (RepositoryConnection conn = repository.getConnection()) {
            for (int start = 0; start < n; start += txnSize) {
                int end = Math.min(n, start + txnSize);
                conn.begin(LOAD_ISOLATION);
                boolean done = false;
                try {
                    for (int i = start; i < end; i++) {
                        if (g[i] == null) {
                            conn.add(s[i], p[i], o[i]);
                        } else {
                            conn.add(s[i], p[i], o[i], g[i]);
                        }
                    }
                    conn.commit();
                    done = true;
                } finally {
                    if (!done) {
                        conn.rollback();
                    }
                }
            }
        }
    }

    @Override
    public Map<String, Long> bytesOnDisk() throws IOException {
        return StoreFiles.bytesByKind(dir, this::fileKind);
    }

    @Override
    public ReadView beginRead() {
        RepositoryConnection conn = repository.getConnection();
        if (READ_TXN) {
            conn.begin(IsolationLevels.valueOf(READ_ISOLATION));
        }
        return new ReadView() {
            @Override
            public boolean contains(int i) {
                // (Resource) null: the default graph only, not "any graph".
                return conn.hasStatement(s[i], p[i], o[i], false, g[i]);
            }

            @Override
            public long scanSubject(int i) {
                return count(conn.getStatements(s[i], null, null, false));
            }

            @Override
            public long scanPredicateObject(int i) {
                return count(conn.getStatements(null, p[i], o[i], false));
            }

            @Override
            public long countAll() {
                return count(conn.getStatements(null, null, null, false));
            }

            @Override
            public void close() {
                if (READ_TXN) {
                    conn.commit();
                }
                conn.close();
            }
        };
    }

    private static long count(RepositoryResult<Statement> result) {
        long n = 0;
        try (result) {
            while (result.hasNext()) {
                result.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.shutDown();
            repository = null;
        }
        g = null;
        s = null;
        p = null;
        o = null;
    }
}
