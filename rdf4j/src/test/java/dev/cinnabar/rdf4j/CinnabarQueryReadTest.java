package dev.cinnabar.rdf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.query.TupleQueryResult;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a SPARQL query outside a transaction reads the store: one snapshot for the whole query, its results handed
 * from the connection's owner thread in chunks, and the snapshot let go when the results close.
 */
class CinnabarQueryReadTest {

    private static final String EX = "http://example.org/";
    /** Far more results than the first chunks hold, so most are computed after the other connection's commit. */
    private static final int SUBJECTS = 3_000;
    private static final String JOIN = "SELECT ?s ?x { ?s <" + EX + "p> ?o . ?o <" + EX + "q> ?x }";

    @TempDir
    Path dir;

    private CinnabarRepository repository;

    @BeforeEach
    void load() {
        repository = new CinnabarRepository(dir);
        repository.init();
        try (RepositoryConnection connection = repository.getConnection()) {
            ValueFactory vf = connection.getValueFactory();
            connection.begin();
            for (int i = 0; i < SUBJECTS; i++) {
                IRI object = vf.createIRI(EX + "o" + i);
                connection.add(vf.createIRI(EX + "s" + i), vf.createIRI(EX + "p"), object);
                connection.add(object, vf.createIRI(EX + "q"), vf.createLiteral(i));
            }
            connection.commit();
        }
    }

    @AfterEach
    void close() {
        repository.shutDown();
    }

    @Test
    void aQueryOutsideATransactionReadsOneSnapshotWhileAnotherConnectionCommits() {
        try (RepositoryConnection reader = repository.getConnection();
                RepositoryConnection writer = repository.getConnection();
                TupleQueryResult results = reader.prepareTupleQuery(JOIN).evaluate()) {
            assertTrue(results.hasNext());
            results.next();
            // Every ?o :q ?x the join has not looked up yet goes away in a commit of its own.
            writer.remove((Resource) null, writer.getValueFactory().createIRI(EX + "q"), null);
            assertEquals(SUBJECTS, writer.size(), "the other connection's commit took the q statements away");
            long rest = 0;
            while (results.hasNext()) {
                results.next();
                rest++;
            }
            assertEquals(SUBJECTS - 1, rest, "the query kept reading the state it began on");
        }
    }

    @Test
    void aQueryGivesEveryResultAcrossItsChunks() {
        try (RepositoryConnection connection = repository.getConnection();
                TupleQueryResult results = connection.prepareTupleQuery(JOIN).evaluate()) {
            long count = 0;
            while (results.hasNext()) {
                results.next();
                count++;
            }
            assertEquals(SUBJECTS, count);
        }
    }

    @Test
    void closingAQueryReadHalfWayLetsItsSnapshotGo() throws IOException {
        try (RepositoryConnection connection = repository.getConnection()) {
            try (TupleQueryResult results = connection.prepareTupleQuery(JOIN).evaluate()) {
                results.next();
                assertEquals(1, openReadTxns(), "the query holds its snapshot while its results are open");
            }
            assertEquals(0, openReadTxns());
        }
    }

    private int openReadTxns() throws IOException {
        return ((CinnabarSail) repository.getSail()).getQuadStore().stats().openReadTxns();
    }
}
