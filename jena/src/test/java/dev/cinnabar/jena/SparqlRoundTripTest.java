package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPARQL query and update over a real store, across close and reopen. */
class SparqlRoundTripTest {

    private static final String PREFIXES = "PREFIX ex: <http://example/>\n";
    private static final String DATA = PREFIXES + "INSERT DATA {\n"
        + "  ex:s ex:p \"default\" .\n"
        + "  GRAPH ex:g1 { ex:s ex:p \"shared\" . ex:s ex:q 1 . }\n"
        + "  GRAPH ex:g2 { ex:s ex:p \"shared\" . ex:t ex:p \"only-g2\"@en . }\n"
        + "}";

    @TempDir
    Path temp;
    private final List<DatasetGraph> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(DatasetGraph::close);
    }

    private DatasetGraph connect() throws Exception {
        DatasetGraph dsg = CinnabarJena.connect(temp.resolve("store"));
        open.add(dsg);
        return dsg;
    }

    private static void update(DatasetGraph dsg, String update) {
        Txn.executeWrite(dsg, () -> UpdateAction.parseExecute(update, dsg));
    }

    /** The values of {@code ?x} in the query's results, as N-Triples-ish strings, in order. */
    private static List<String> select(DatasetGraph dsg, String query) {
        Dataset dataset = DatasetFactory.wrap(dsg);
        return Txn.calculateRead(dsg, () -> {
            List<String> values = new ArrayList<>();
            try (QueryExecution exec = QueryExecution.dataset(dataset).query(PREFIXES + query).build()) {
                ResultSet results = exec.execSelect();
                while (results.hasNext()) {
                    QuerySolution row = results.next();
                    values.add(row.get("x").asNode().toString());
                }
            }
            return values;
        });
    }

    @Test
    void insertDataThenSelectFromEachGraph() throws Exception {
        DatasetGraph dsg = connect();
        update(dsg, DATA);
        assertEquals(List.of("\"default\""), select(dsg, "SELECT ?x { ex:s ex:p ?x }"));
        assertEquals(List.of("\"shared\""), select(dsg, "SELECT ?x { GRAPH ex:g1 { ex:s ex:p ?x } }"));
        assertEquals(List.of("http://example/g1", "http://example/g2"),
            select(dsg, "SELECT ?x { GRAPH ?x { ex:s ex:p \"shared\" } } ORDER BY ?x"));
    }

    @Test
    void unionGraphHoldsEachNamedTripleOnceAndNotTheDefaultGraph() throws Exception {
        DatasetGraph dsg = connect();
        update(dsg, DATA);
        assertEquals(java.util.Set.of("\"only-g2\"@en", "\"shared\""),
            new java.util.HashSet<>(select(dsg, "SELECT ?x { GRAPH <urn:x-arq:UnionGraph> { ?s ex:p ?x } }")));
        assertEquals(2, select(dsg, "SELECT ?x { GRAPH <urn:x-arq:UnionGraph> { ?s ex:p ?x } }").size());
        assertEquals(2L, Txn.calculateRead(dsg, () -> org.apache.jena.atlas.iterator.Iter.count(
            dsg.find(Quad.unionGraph, Node.ANY, NodeFactory.createURI("http://example/p"), Node.ANY))));
    }

    @Test
    void deleteWhereRemovesMatches() throws Exception {
        DatasetGraph dsg = connect();
        update(dsg, DATA);
        update(dsg, PREFIXES + "DELETE WHERE { GRAPH ?g { ?s ex:p \"shared\" } }");
        assertEquals(List.of(), select(dsg, "SELECT ?x { GRAPH ?x { ?s ex:p \"shared\" } }"));
        assertEquals(List.of("\"default\""), select(dsg, "SELECT ?x { ex:s ex:p ?x }"));
    }

    @Test
    void typedValuesCompareByValueInFilters() throws Exception {
        DatasetGraph dsg = connect();
        update(dsg, DATA);
        assertEquals(List.of("\"1\"^^xsd:integer"),
            select(dsg, "SELECT ?x { GRAPH ?g { ?s ex:q ?x FILTER(?x = 1.0) } }"));
    }

    @Test
    void dataAndPrefixesSurviveCloseAndReopen() throws Exception {
        DatasetGraph dsg = connect();
        Txn.executeWrite(dsg, () -> RDFParser.create().source(new StringReader(
            "@prefix ex: <http://example/> . ex:s ex:p ex:o . ex:g { ex:s ex:p \"in g\" . }"))
            .lang(Lang.TRIG).parse(dsg));
        dsg.close();
        DatasetGraph reopened = connect();
        assertEquals(List.of("http://example/o"), select(reopened, "SELECT ?x { ex:s ex:p ?x }"));
        assertEquals(List.of("\"in g\""), select(reopened, "SELECT ?x { GRAPH ex:g { ex:s ex:p ?x } }"));
        assertEquals(Map.of("ex", "http://example/"), reopened.prefixes().getMapping());
    }

    @Test
    void abortedUpdateLeavesNothingAfterReopen() throws Exception {
        DatasetGraph dsg = connect();
        dsg.begin(org.apache.jena.query.TxnType.WRITE);
        UpdateAction.parseExecute(DATA, dsg);
        dsg.prefixes().add("ex", "http://example/");
        dsg.abort();
        dsg.end();
        dsg.close();
        DatasetGraph reopened = connect();
        assertTrue(reopened.isEmpty());
        assertTrue(reopened.prefixes().isEmpty());
    }

    @Test
    void prefixChangesCommitWithTheTransaction() throws Exception {
        DatasetGraph dsg = connect();
        Txn.executeWrite(dsg, () -> {
            dsg.prefixes().add("ex:", "http://example/");
            dsg.prefixes().add("foaf", "http://xmlns.com/foaf/0.1/");
            assertEquals("http://example/", dsg.prefixes().get("ex"), "a write transaction sees its own prefixes");
        });
        Txn.executeWrite(dsg, () -> dsg.prefixes().delete("foaf"));
        assertEquals(Map.of("ex", "http://example/"), dsg.prefixes().getMapping());
        assertNull(dsg.prefixes().get("foaf"));
        assertFalse(dsg.prefixes().containsPrefix("foaf"));
        assertEquals(1, dsg.prefixes().size());
    }

    @Test
    void queryOutsideATransactionRunsInItsOwn() throws Exception {
        DatasetGraph dsg = connect();
        update(dsg, DATA);
        try (QueryExecution exec = QueryExecution.dataset(DatasetFactory.wrap(dsg))
            .query(PREFIXES + "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }").build()) {
            assertEquals(4, exec.execSelect().next().getLiteral("n").getInt());
        }
        assertFalse(dsg.isInTransaction());
    }
}
