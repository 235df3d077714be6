package dev.cinnabar.rdf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.rdf4j.common.iteration.CloseableIteration;
import org.eclipse.rdf4j.common.iteration.Iterations;
import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.BNode;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.vocabulary.RDF;
import org.eclipse.rdf4j.model.vocabulary.XSD;
import org.eclipse.rdf4j.query.Dataset;
import org.eclipse.rdf4j.query.algebra.StatementPattern;
import org.eclipse.rdf4j.query.algebra.Var;
import org.eclipse.rdf4j.query.algebra.evaluation.EvaluationStrategy;
import org.eclipse.rdf4j.query.algebra.evaluation.TripleSource;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.DefaultEvaluationStrategyFactory;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.EvaluationStatistics;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.sail.SailConflictException;
import org.eclipse.rdf4j.sail.SailConnection;
import org.eclipse.rdf4j.sail.SailException;
import org.eclipse.rdf4j.sail.inferencer.InferencerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/** What RDF4J's suites do not pin down: exact terms, graphs, namespaces in the metadata, durability, statistics. */
class CinnabarSailTest {

    private static final String EX = "http://example.org/";

    @TempDir
    Path dir;

    /** Fails the next force of a file (a commit's fsync) once armed: a commit failing inside the store. */
    private final FailingIo io = new FailingIo();

    /** RDF4J 5 has no base direction: a directional literal stored by another adapter is refused, not changed. */
    @Test
    void aLiteralWithABaseDirectionIsRefusedRatherThanReadWithoutIt() throws IOException {
        CinnabarSail sail = open();
        try (dev.cinnabar.quadstore.WriteTxn txn = sail.getQuadStore().beginWrite()) {
            txn.add(new Quad(DefaultGraph.INSTANCE, new Iri(EX + "s"), new Iri(EX + "p"),
                dev.cinnabar.quadstore.term.Literal.dirLang("text", "ar",
                    dev.cinnabar.quadstore.term.Literal.Direction.RTL)));
            txn.commit();
        }
        try (SailConnection connection = sail.getConnection()) {
            SailException refused = assertThrows(SailException.class,
                () -> Iterations.asList(connection.getStatements(null, null, null, false)));
            assertTrue(refused.getMessage().contains("base direction"), refused.getMessage());
        }
        sail.shutDown();
    }

    private CinnabarSail open() {
        CinnabarSail sail = new CinnabarSail(dir);
        sail.setQuadStoreOptions(QuadStoreOptions.defaults().withStorageIo(io));
        sail.init();
        return sail;
    }

    private void failNextCommit(CinnabarSail sail) {
        io.armed.set(true);
    }

    private static final class FailingIo extends ForwardingStorageIo {
        final AtomicBoolean armed = new AtomicBoolean();
        /** Forces of files and mappings so far, each counted before it runs. */
        final java.util.concurrent.atomic.AtomicInteger forces = new java.util.concurrent.atomic.AtomicInteger();

        FailingIo() {
            super(StorageIo.system());
        }

        private void maybeFail(Path file) throws IOException {
            forces.incrementAndGet();
            if (armed.compareAndSet(true, false)) {
                throw new IOException("injected: force of " + file + " failed");
            }
        }

        @Override
        public void force(FileChannel channel, Path file) throws IOException {
            maybeFail(file);
            super.force(channel, file);
        }

        @Override
        public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
            maybeFail(file);
            super.force(mapping, file, index, length);
        }

        @Override
        public void writeAndForce(Path file, ByteBuffer content) throws IOException {
            maybeFail(file);
            super.writeAndForce(file, content);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().endsWith(".lock")) {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void termsComeBackExactlyAndBlankNodesKeepTheirIdentity() {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        IRI p = vf.createIRI(EX, "p");
        BNode blank = vf.createBNode("b1");
        List<Literal> literals = List.of(vf.createLiteral("plain"), vf.createLiteral("chat", "fr"), vf.createLiteral("color", "en-US"),
            vf.createLiteral("01", XSD.INTEGER), vf.createLiteral("x", XSD.INTEGER),
            vf.createLiteral("", vf.createIRI(EX, "custom")), vf.createLiteral("line\nbreak \"quoted\""));
        try (SailConnection con = sail.getConnection()) {
            con.begin();
            for (Literal literal : literals) {
                con.addStatement(s, p, literal);
            }
            con.addStatement(blank, p, s);
            con.commit();
        }
        try (SailConnection con = sail.getConnection()) {
            Set<Object> objects = Iterations.asList(con.getStatements(s, p, null, false)).stream()
                .map(Statement::getObject).collect(Collectors.toSet());
            assertEquals(Set.copyOf(literals), objects);
            // The same blank node id names the same node in a later transaction.
            assertEquals(1, Iterations.asList(con.getStatements(vf.createBNode("b1"), p, s, false)).size());
            assertEquals(0, Iterations.asList(con.getStatements(vf.createBNode("b2"), p, s, false)).size());
        }
        sail.shutDown();
    }

    @Test
    void theNullContextIsTheDefaultGraphAndContextsAreNamedGraphs() throws IOException {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        IRI p = vf.createIRI(EX, "p");
        IRI g = vf.createIRI(EX, "g");
        try (SailConnection con = sail.getConnection()) {
            con.begin();
            con.addStatement(s, p, vf.createLiteral("default"));
            con.addStatement(s, p, vf.createLiteral("named"), g);
            con.commit();
            assertEquals(1, con.size((Resource) null));
            assertEquals(1, con.size(g));
            assertEquals(2, con.size());
            assertEquals(List.of(g), Iterations.asList(con.getContextIDs()));
        }
        sail.shutDown();
        try (QuadStore store = QuadStore.open(dir); ReadTxn txn = store.beginRead()) {
            assertTrue(txn.contains(new Quad(DefaultGraph.INSTANCE, new Iri(EX + "s"), new Iri(EX + "p"),
                dev.cinnabar.quadstore.term.Literal.of("default"))));
            assertTrue(txn.contains(new Quad(new Iri(EX + "g"), new Iri(EX + "s"), new Iri(EX + "p"),
                dev.cinnabar.quadstore.term.Literal.of("named"))));
        }
    }

    @Test
    void namespacesCommitWithTheQuadsInTheStoresMetadata() throws IOException {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        try (SailConnection con = sail.getConnection()) {
            con.begin();
            con.setNamespace("ex", EX);
            con.addStatement(s, RDF.TYPE, s);
            con.rollback();
            assertNull(con.getNamespace("ex"));
            assertEquals(0, con.size());

            con.begin();
            con.setNamespace("ex", EX);
            con.addStatement(s, RDF.TYPE, s);
            con.commit();
        }
        sail.shutDown();
        try (QuadStore store = QuadStore.open(dir); ReadTxn txn = store.beginRead()) {
            // The Jena adapter's key: both adapters show a store's prefixes.
            assertEquals(EX, txn.metadata().get("jena.prefix.ex"));
            assertEquals(1, txn.count(null, null, null, null));
        }
        sail = open();
        try (SailConnection con = sail.getConnection()) {
            assertEquals(EX, con.getNamespace("ex"));
            con.begin();
            con.clearNamespaces();
            con.commit();
            assertNull(con.getNamespace("ex"));
        }
        sail.shutDown();
    }

    @Test
    void thereAreNoInferredStatementsAndTripleTermsAreNotStored() {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI a = vf.createIRI(EX, "a");
        try (SailConnection con = sail.getConnection()) {
            // Inferencers stack on top as RDF4J sails; this sail's connections take no inferred statements.
            assertFalse(con instanceof InferencerConnection);
            con.begin();
            // RDF4J may buffer the add until the next read or the commit; by the commit it has failed.
            assertThrows(SailException.class, () -> {
                con.addStatement(vf.createTriple(a, RDF.TYPE, a), RDF.TYPE, a);
                con.commit();
            });
            if (con.isActive()) {
                con.rollback();
            }
            assertEquals(0, Iterations.asList(con.getStatements(null, null, null, true)).size());
        }
        assertThrows(SailException.class, () -> Values.term(vf.createTriple(a, RDF.TYPE, a)));
        sail.shutDown();
    }

    @Test
    void theOptimizerGetsTheStoresCounts() {
        CinnabarRepository repository = new CinnabarRepository(dir);
        repository.init();
        ValueFactory vf = repository.getValueFactory();
        IRI knows = vf.createIRI(EX, "knows");
        IRI person = vf.createIRI(EX, "Person");
        try (RepositoryConnection con = repository.getConnection()) {
            con.begin();
            for (int i = 0; i < 50; i++) {
                IRI someone = vf.createIRI(EX, "p" + i);
                con.add(someone, RDF.TYPE, person);
                con.add(someone, knows, vf.createIRI(EX, "p" + (i + 1)));
                con.add(someone, knows, vf.createIRI(EX, "p" + (i + 2)));
            }
            con.commit();
        }
        CinnabarStatistics statistics = new CinnabarStatistics(repository.getSail().getQuadStore(), null);
        assertEquals(100, statistics.cardinality(pattern(null, knows, null)), "quads of a predicate");
        assertEquals(50, statistics.cardinality(pattern(null, RDF.TYPE, person)), "members of a class");
        assertEquals(2, statistics.cardinality(pattern(vf.createIRI(EX, "p3"), knows, null)), "an index estimate");
        assertEquals(0, statistics.cardinality(pattern(vf.createIRI(EX, "nobody"), knows, null)), "an unknown term");
        assertEquals(150, statistics.getCardinality(pattern(null, null, null)), "through RDF4J's calculator");
        repository.shutDown();
    }

    @Test
    void theOptimizerCountsTheQuerysSnapshotNotALaterCommit() {
        CinnabarRepository repository = new CinnabarRepository(dir);
        repository.init();
        ValueFactory vf = repository.getValueFactory();
        IRI knows = vf.createIRI(EX, "knows");
        try (RepositoryConnection con = repository.getConnection()) {
            con.add(vf.createIRI(EX, "a"), knows, vf.createIRI(EX, "b"));
        }
        QuadStore store = repository.getSail().getQuadStore();
        try (ReadTxn snapshot = store.beginRead()) {
            try (RepositoryConnection con = repository.getConnection()) {
                con.add(vf.createIRI(EX, "b"), knows, vf.createIRI(EX, "c"));
            }
            assertEquals(1, new CinnabarStatistics(store, snapshot).cardinality(pattern(null, knows, null)));
            assertEquals(2, new CinnabarStatistics(store, null).cardinality(pattern(null, knows, null)));
        }
        repository.shutDown();
    }

    @Test
    void sparqlQueriesArePlannedWithTheStoresStatistics() {
        List<EvaluationStatistics> given = new ArrayList<>();
        CinnabarSail sail = new CinnabarSail(dir);
        sail.setEvaluationStrategyFactory(new DefaultEvaluationStrategyFactory() {
            @Override
            public EvaluationStrategy createEvaluationStrategy(Dataset dataset, TripleSource source,
                    EvaluationStatistics statistics) {
                given.add(statistics);
                return super.createEvaluationStrategy(dataset, source, statistics);
            }
        });
        SailRepository repository = new SailRepository(sail);
        repository.init();
        try (RepositoryConnection con = repository.getConnection()) {
            con.add(con.getValueFactory().createIRI(EX, "s"), RDF.TYPE, con.getValueFactory().createIRI(EX, "C"));
            long rows = con.prepareTupleQuery("SELECT * { ?s a ?c . ?s ?p ?o }").evaluate().stream().count();
            assertEquals(1, rows);
        }
        repository.shutDown();
        assertEquals(1, given.size());
        assertTrue(given.get(0) instanceof CinnabarStatistics, "statistics given: " + given.get(0));
    }

    /**
     * ADR-019: a commit is in the store, durable, before commit() returns, even while another connection's SNAPSHOT
     * transaction is open and reading (RDF4J's SnapshotSailStore kept it in memory until that reader ended).
     */
    @Test
    void aCommitIsInTheStoreBeforeCommitReturnsWhileAnotherTransactionReads() throws IOException {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        QuadStore store = sail.getQuadStore();
        try (SailConnection writer = sail.getConnection(); SailConnection reader = sail.getConnection()) {
            writer.begin();
            writer.addStatement(s, RDF.TYPE, vf.createLiteral(1));
            writer.commit();
            assertEquals(1, storeCount(store), "no reader: the commit is in the store");

            reader.begin(IsolationLevels.SNAPSHOT);
            assertEquals(1, reader.size());
            try (CloseableIteration<? extends Statement> open = reader.getStatements(null, null, null, false)) {
                assertTrue(open.hasNext());
                writer.begin(IsolationLevels.SNAPSHOT);
                writer.addStatement(s, RDF.TYPE, vf.createLiteral(2));
                int forcesBefore = io.forces.get();
                writer.commit();
                assertTrue(io.forces.get() > forcesBefore, "commit() forced the store's files before it returned");
                assertEquals(2, storeCount(store), "in the store while the SNAPSHOT reader is open");
                assertEquals(1, reader.size(), "the reader's snapshot");
                assertEquals(2, writer.size(), "a new transaction sees the commit");

                // A crash now: a copy of the files as they are (the sail is still open) must hold the commit. The copy
                // reads through the page cache, so it shows the commit is in the store's files rather than in memory;
                // that forced files survive power loss is WriteTxn.commit()'s own guarantee, crash-tested in the store.
                Path copy = dir.resolveSibling(dir.getFileName() + "-crash");
                copyTree(dir, copy);
                try (QuadStore reopened = QuadStore.open(copy)) {
                    assertEquals(2, storeCount(reopened), "the commit survives a crash after commit() returned");
                }
            }
            reader.commit();
        }
        sail.shutDown();
    }

    /**
     * A commit that fails inside the store (here: the store is closed under the sail, so the WriteTxn's commit
     * throws) fails the RDF4J commit, leaves the store without any of the transaction's changes, and leaves the
     * connection usable and without a transaction.
     */
    @Test
    void aCommitFailingInTheStoreChangesNothing() throws IOException {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        try (SailConnection con = sail.getConnection()) {
            con.begin();
            con.addStatement(s, RDF.TYPE, vf.createLiteral(1));
            con.commit();

            con.begin();
            con.addStatement(s, RDF.TYPE, vf.createLiteral(2));
            con.setNamespace("ex", EX);
            failNextCommit(sail);
            assertThrows(SailException.class, con::commit);
            if (con.isActive()) {
                con.rollback();
            }
            assertEquals(1, con.size(), "the failed transaction's statement is not there");
            assertNull(con.getNamespace("ex"), "nor its namespace");
            assertEquals(1, storeCount(sail.getQuadStore()));

            con.begin();
            con.addStatement(s, RDF.TYPE, vf.createLiteral(3));
            con.commit();
            assertEquals(2, con.size(), "the connection and the store's writer are usable again");
        }
        sail.shutDown();
        try (QuadStore store = QuadStore.open(dir)) {
            assertEquals(2, storeCount(store), "after reopening: the first and the third commit, not the second");
        }
    }
    /**
     * ADR-019: a SNAPSHOT transaction that read its snapshot and writes after another transaction committed would
     * read one state and write another, so its commit fails with a conflict and leaves the store as it was; one that
     * did not read commits.
     */
    @Test
    void aSnapshotTransactionThatReadAndWritesAfterAnotherCommitConflicts() {
        CinnabarSail sail = open();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        try (SailConnection first = sail.getConnection(); SailConnection second = sail.getConnection()) {
            first.begin(IsolationLevels.SNAPSHOT);
            assertEquals(0, first.size(), "first reads its snapshot");
            second.begin(IsolationLevels.SNAPSHOT);
            second.addStatement(s, RDF.TYPE, vf.createLiteral("second"));
            second.commit();

            first.addStatement(s, RDF.TYPE, vf.createLiteral("first"));
            assertThrows(SailConflictException.class, first::commit);
            if (first.isActive()) {
                first.rollback();
            }
            assertEquals(1, storeCount(sail.getQuadStore()), "only the second transaction's statement");

            // Without a read before the change there is nothing to conflict with.
            first.begin(IsolationLevels.SERIALIZABLE);
            first.addStatement(s, RDF.TYPE, vf.createLiteral("first"));
            first.commit();
            assertEquals(2, storeCount(sail.getQuadStore()));
        }
        sail.shutDown();
    }

    /** A second writing transaction waits for the single writer at most the writer timeout, then conflicts. */
    @Test
    void aSecondWriterGivesUpAfterTheWriterTimeout() throws Exception {
        CinnabarSail sail = new CinnabarSail(dir);
        sail.setWriterTimeout(java.time.Duration.ofMillis(200));
        sail.init();
        ValueFactory vf = sail.getValueFactory();
        IRI s = vf.createIRI(EX, "s");
        try (SailConnection first = sail.getConnection(); SailConnection second = sail.getConnection()) {
            first.begin();
            first.addStatement(s, RDF.TYPE, vf.createLiteral(1));
            assertEquals(1, first.size(), "first holds the writer now");
            second.begin();
            long started = System.nanoTime();
            assertThrows(SailConflictException.class, () -> {
                second.addStatement(s, RDF.TYPE, vf.createLiteral(2));
                second.size(); // RDF4J may buffer the add until the next read
            });
            assertTrue(System.nanoTime() - started >= 150_000_000L, "it waited for the writer");
            second.rollback();
            first.commit();
            assertEquals(1, storeCount(sail.getQuadStore()));
        }
        sail.shutDown();
    }

    private static long storeCount(QuadStore store) {
        try (ReadTxn txn = store.beginRead()) {
            return txn.count(null, null, null, null);
        }
    }

    private static StatementPattern pattern(Resource s, IRI p, org.eclipse.rdf4j.model.Value o) {
        return new StatementPattern(var("s", s), var("p", p), var("o", o));
    }

    private static Var var(String name, org.eclipse.rdf4j.model.Value value) {
        return value == null ? new Var(name) : new Var("_const_" + name, value, true, true);
    }
}
