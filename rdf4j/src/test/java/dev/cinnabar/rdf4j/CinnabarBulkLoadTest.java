package dev.cinnabar.rdf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.rdf4j.common.iteration.Iterations;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Namespace;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.LinkedHashModel;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.model.util.Models;
import org.eclipse.rdf4j.repository.Repository;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.RepositoryException;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.repository.sail.SailRepositoryConnection;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.RDFParseException;
import org.eclipse.rdf4j.rio.helpers.BasicParserSettings;
import org.eclipse.rdf4j.sail.NotifyingSailConnection;
import org.eclipse.rdf4j.sail.SailConflictException;
import org.eclipse.rdf4j.sail.SailConnectionListener;
import org.eclipse.rdf4j.sail.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that a {@link CinnabarRepository} connection adds in auto-commit mode goes through the store's bulk
 * loader when large (ADR-019): the same statements and namespaces as RDF4J's own path (a MemoryStore as control),
 * all or nothing, and the ordinary path wherever a bulk load could not keep RDF4J's semantics.
 */
class CinnabarBulkLoadTest {

    private static final String EX = "http://example.org/";
    private static final ValueFactory VF = SimpleValueFactory.getInstance();

    @TempDir
    Path dir;

    private final List<Repository> opened = new ArrayList<>();

    @AfterEach
    void shutDown() {
        opened.forEach(Repository::shutDown);
    }

    /** {@code subjects} subjects of five statements each, one of them about a blank node: 5 x subjects. */
    private static String turtle(int subjects) {
        StringBuilder out = new StringBuilder("@prefix ex: <" + EX + "> .\n@prefix other: <http://other.example/> .\n");
        for (int i = 0; i < subjects; i++) {
            out.append("ex:s").append(i).append(" ex:p ex:o").append(i % 97).append(" ; ex:n ").append(i)
                .append(" ; ex:label \"label ").append(i).append("\"@en ; ex:b [ ex:q ").append(i).append(" ] .\n");
        }
        return out.toString();
    }

    private CinnabarRepository cinnabar(long threshold) {
        CinnabarRepository repository = new CinnabarRepository(dir.resolve("store" + opened.size()));
        repository.getSail().setBulkLoadThreshold(threshold);
        repository.init();
        opened.add(repository);
        return repository;
    }

    private Repository memory() {
        Repository repository = new SailRepository(new MemoryStore());
        repository.init();
        opened.add(repository);
        return repository;
    }

    private static Model statements(Repository repository) {
        try (RepositoryConnection con = repository.getConnection()) {
            return new LinkedHashModel(Iterations.asList(con.getStatements(null, null, null, false)));
        }
    }

    private static Map<String, String> namespaces(Repository repository) {
        Map<String, String> found = new TreeMap<>();
        try (RepositoryConnection con = repository.getConnection()) {
            for (Namespace namespace : Iterations.asList(con.getNamespaces())) {
                found.put(namespace.getPrefix(), namespace.getName());
            }
        }
        return found;
    }

    private static void add(Repository repository, String data, RDFFormat format, org.eclipse.rdf4j.model.Resource...
            contexts) throws IOException {
        try (RepositoryConnection con = repository.getConnection()) {
            con.add(new StringReader(data), EX, format, contexts);
        }
    }

    @Test
    void aLargeTurtleStreamGoesThroughTheBulkLoaderAndGivesRdf4jsStatementsAndNamespaces() throws IOException {
        CinnabarRepository cinnabar = cinnabar(CinnabarSail.DEFAULT_BULK_LOAD_THRESHOLD);
        Repository control = memory();
        String data = turtle(3000); // 15,000 statements, above the default threshold
        try (RepositoryConnection con = cinnabar.getConnection()) {
            con.add(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), EX, RDFFormat.TURTLE);
        }
        add(control, data, RDFFormat.TURTLE);

        assertEquals(1, cinnabar.getSail().bulkLoads());
        Model loaded = statements(cinnabar);
        assertEquals(15_000, loaded.size());
        assertTrue(Models.isomorphic(loaded, statements(control)));
        assertEquals(namespaces(control), namespaces(cinnabar));
    }

    @Test
    void aStreamBelowTheThresholdIsAddedInOneOrdinaryTransaction() throws IOException {
        CinnabarRepository cinnabar = cinnabar(CinnabarSail.DEFAULT_BULK_LOAD_THRESHOLD);
        Repository control = memory();
        String data = turtle(100);
        add(cinnabar, data, RDFFormat.TURTLE);
        add(control, data, RDFFormat.TURTLE);

        assertEquals(0, cinnabar.getSail().bulkLoads());
        assertTrue(Models.isomorphic(statements(cinnabar), statements(control)));
        assertEquals(namespaces(control), namespaces(cinnabar));
    }

    @Test
    void nTriplesFromAFileAndTrigFromAReaderLoadInBulkAsRdf4jLoadsThem() throws IOException {
        String ntriples = "<" + EX + "a> <" + EX + "p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
            + "_:x <" + EX + "p> <" + EX + "a> .\n<" + EX + "b> <" + EX + "p> _:x .\n";
        Path file = Files.writeString(dir.resolve("data.nt"), ntriples);
        String trig = "@prefix ex: <" + EX + "> .\nex:g1 { ex:a ex:p ex:b . _:y ex:p ex:c }\n{ ex:d ex:p ex:e }\n"
            + "ex:g2 { ex:a ex:p ex:b }\n";
        CinnabarRepository cinnabar = cinnabar(1);
        Repository control = memory();
        for (Repository repository : List.of(cinnabar, control)) {
            try (RepositoryConnection con = repository.getConnection()) {
                con.add(file.toFile()); // format from the file name, base from its location, as RDF4J's add
                con.add(new StringReader(trig), EX, RDFFormat.TRIG);
            }
        }
        assertEquals(2, cinnabar.getSail().bulkLoads());
        assertTrue(Models.isomorphic(statements(cinnabar), statements(control)));
        try (RepositoryConnection con = cinnabar.getConnection()) {
            assertEquals(4, con.size((org.eclipse.rdf4j.model.Resource) null)); // N-Triples and TriG's default
            assertEquals(3, con.size(VF.createIRI(EX + "g1"), VF.createIRI(EX + "g2")));
        }
    }

    @Test
    void givenContextsReplaceEachStatementsOwnGraph() throws IOException {
        String trig = "@prefix ex: <" + EX + "> .\nex:g1 { ex:a ex:p ex:b }\n{ ex:c ex:p ex:d }\n";
        IRI one = VF.createIRI(EX + "one");
        IRI two = VF.createIRI(EX + "two");
        CinnabarRepository cinnabar = cinnabar(1);
        add(cinnabar, trig, RDFFormat.TRIG, one, two);

        assertEquals(1, cinnabar.getSail().bulkLoads());
        try (RepositoryConnection con = cinnabar.getConnection()) {
            assertEquals(2, con.size(one));
            assertEquals(2, con.size(two));
            assertEquals(4, con.size());
            assertEquals(List.of(), Iterations.asList(con.getStatements(null, null, null, VF.createIRI(EX + "g1"))));
        }
    }

    @Test
    void aParseErrorMidStreamChangesNothingAndNamesLineAndColumn() throws IOException {
        CinnabarRepository cinnabar = cinnabar(100);
        add(cinnabar, "@prefix old: <http://old.example/> .\nold:s old:p old:o .\n", RDFFormat.TURTLE);
        Model before = statements(cinnabar);
        Map<String, String> namespacesBefore = namespaces(cinnabar);
        String bad = turtle(2000) + "ex:broken ex:p \"no end .\n" + turtle(10);

        RDFParseException error = assertThrows(RDFParseException.class, () -> add(cinnabar, bad, RDFFormat.TURTLE));
        assertEquals(2003, error.getLineNumber());
        assertTrue(error.getColumnNumber() > 0 || error.getMessage().contains("line 2003"), error.getMessage());
        assertEquals(before, statements(cinnabar));
        assertEquals(namespacesBefore, namespaces(cinnabar));
        assertEquals(0, cinnabar.getSail().bulkLoads());
        add(cinnabar, turtle(30), RDFFormat.TURTLE); // the load let go of the store's writer
        assertEquals(1, cinnabar.getSail().bulkLoads());
    }

    @Test
    void aTripleTermIsRefusedNamingTheStatementAndChangesNothing() {
        CinnabarRepository cinnabar = cinnabar(10);
        String star = turtle(20) + "<< ex:a ex:p ex:b >> ex:said ex:c .\n";
        RepositoryException refused = assertThrows(RepositoryException.class,
            () -> add(cinnabar, star, RDFFormat.TURTLESTAR));
        assertTrue(refused.getMessage().contains("statement 101 of the stream")
            && refused.getMessage().contains("triple terms"), refused.getMessage());
        assertEquals(0, statements(cinnabar).size());
        assertEquals(Map.of(), namespaces(cinnabar));
    }

    @Test
    void aLiteralWithABaseDirectionIsRefusedOnBothPathsAndChangesNothing() {
        String directional = turtle(20) + "ex:a ex:p \"text\"@ar--rtl .\n";
        for (long threshold : new long[] {10, CinnabarSail.DEFAULT_BULK_LOAD_THRESHOLD}) {
            CinnabarRepository cinnabar = cinnabar(threshold);
            RepositoryException refused = assertThrows(RepositoryException.class,
                () -> add(cinnabar, directional, RDFFormat.TURTLE));
            assertTrue(refused.getMessage().contains("statement 101 of the stream")
                && refused.getMessage().contains("base direction"), refused.getMessage());
            assertEquals(0, statements(cinnabar).size());
        }
    }

    @Test
    void aStreamAddedInsideATransactionIsReadRemovedAndRolledBackWithIt() throws IOException {
        CinnabarRepository cinnabar = cinnabar(1);
        try (RepositoryConnection con = cinnabar.getConnection()) {
            con.begin();
            con.add(new StringReader(turtle(50)), EX, RDFFormat.TURTLE);
            assertEquals(250, con.size());
            con.remove(VF.createIRI(EX + "s0"), null, null);
            assertEquals(246, con.size());
            con.rollback();
            assertEquals(0, con.size());
        }
        assertEquals(0, cinnabar.getSail().bulkLoads());
        assertEquals(Map.of(), namespaces(cinnabar));
    }

    @Test
    void statementListenersHearEveryStatementSoTheStreamTakesTheOrdinaryPath() throws IOException {
        CinnabarRepository cinnabar = cinnabar(1);
        AtomicInteger heard = new AtomicInteger();
        try (SailRepositoryConnection con = cinnabar.getConnection()) {
            ((NotifyingSailConnection) con.getSailConnection()).addConnectionListener(new SailConnectionListener() {
                @Override
                public void statementAdded(Statement statement) {
                    heard.incrementAndGet();
                }

                @Override
                public void statementRemoved(Statement statement) {
                }
            });
            con.add(new StringReader(turtle(40)), EX, RDFFormat.TURTLE);
        }
        assertEquals(200, heard.get());
        assertEquals(0, cinnabar.getSail().bulkLoads());
        assertEquals(200, statements(cinnabar).size());
    }

    @Test
    void theSailsListenersHearThatABulkLoadAddedStatements() throws IOException {
        CinnabarRepository cinnabar = cinnabar(1);
        AtomicInteger added = new AtomicInteger();
        cinnabar.getSail().addSailChangedListener(event -> {
            if (event.statementsAdded()) {
                added.incrementAndGet();
            }
        });
        add(cinnabar, turtle(5), RDFFormat.TURTLE);
        assertEquals(1, cinnabar.getSail().bulkLoads());
        assertEquals(1, added.get());
    }

    @Test
    void preservedBlankNodeIdsStillBelongToTheirStream() throws IOException {
        CinnabarRepository cinnabar = cinnabar(1);
        String data = "_:b1 <" + EX + "p> <" + EX + "o> .\n";
        try (RepositoryConnection con = cinnabar.getConnection()) {
            con.getParserConfig().set(BasicParserSettings.PRESERVE_BNODE_IDS, true);
            con.add(new StringReader(data), EX, RDFFormat.NTRIPLES);
            con.add(new StringReader(data), EX, RDFFormat.NTRIPLES);
        }
        assertEquals(2, cinnabar.getSail().bulkLoads());
        assertEquals(2, statements(cinnabar).size()); // two streams, two blank nodes, as RDF4J's inserter gives
    }

    @Test
    void aBulkLoadWaitsForAnotherTransactionsWriterNoLongerThanTheWriterTimeout() {
        CinnabarRepository cinnabar = cinnabar(1);
        cinnabar.getSail().setWriterTimeout(Duration.ofMillis(50));
        try (RepositoryConnection writer = cinnabar.getConnection()) {
            writer.begin();
            writer.add(VF.createIRI(EX + "w"), VF.createIRI(EX + "p"), VF.createIRI(EX + "o"));
            assertEquals(1, writer.size()); // the change has reached the store: this transaction holds its writer
            RepositoryException busy = assertThrows(RepositoryException.class,
                () -> add(cinnabar, turtle(5000), RDFFormat.TURTLE)); // more than the blocks queued for the loader
            assertInstanceOf(SailConflictException.class, busy.getCause(), busy.toString());
            writer.rollback();
        }
        assertEquals(0, statements(cinnabar).size());
        assertFalse(cinnabar.getSail().bulkLoads() > 0);
    }
}
