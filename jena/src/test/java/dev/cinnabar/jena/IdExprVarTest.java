package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expressions ARQ evaluates over id rows read the values of committed ids from the dataset's cache
 * ({@link IdExprVar}, {@link NodeValueCache}) and give ARQ's answers, in FILTER and in ORDER BY.
 */
class IdExprVarTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** Conditions ids do not decide: comparisons of literals by value, functions of the value. */
    private static final String[] CONDITIONS = {
        "?b < 1", "?b >= 1", "?b > \"a\"", "?b = 01", "?b != \"a\"@en", "STR(?b) = \"a\"", "isLiteral(?b)",
        "datatype(?b) = xsd:integer", "lang(?b) = \"en\"", "?b < \"2021-01-01\"^^xsd:date", "?b", "!?b",
        "(?b + 1) > 1", "?a < ?b",
    };

    @Test
    void filtersArqEvaluatesOverIdRowsGiveArqsAnswersTheFirstTimeAndFromTheCache() {
        long nonEmpty = 0;
        for (int seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            DatasetGraph[] datasets = RandomQuads.datasets(stores, random, 120);
            for (int q = 0; q < 60; q++) {
                String condition = RandomQuads.pick(random, CONDITIONS);
                String query = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT * { ?a ?q ?b . ?a ?p ?c "
                    + "FILTER(" + condition + ") }";
                List<String> expected = RandomQuads.solutions(datasets[1], query);
                assertEquals(expected, RandomQuads.solutions(datasets[0], query), "first run: " + query);
                assertEquals(expected, RandomQuads.solutions(datasets[0], query), "from the cache: " + query);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(nonEmpty > 60, "too few queries with answers to mean anything: " + nonEmpty);
    }

    @Test
    void orderByKeysOverIdRowsGiveArqsOrderWithAndWithoutLimit() {
        for (int seed = 1; seed <= 3; seed++) {
            DatasetGraph[] datasets = RandomQuads.datasets(stores, new Random(seed), 120);
            // (?a ?q ?b) is one quad of the default graph: the three keys order every row.
            for (String query : List.of(
                "SELECT * { ?a ?q ?b } ORDER BY ?b ?a ?q",
                "SELECT * { ?a ?q ?b } ORDER BY DESC(?b) ?a ?q LIMIT 7",
                "SELECT * { ?a ?q ?b } ORDER BY STR(?b) DESC(?a) ?q ?b LIMIT 11")) {
                List<String> expected = ordered(datasets[1], query);
                assertEquals(expected, ordered(datasets[0], query), "first run: " + query);
                assertEquals(expected, ordered(datasets[0], query), "from the cache: " + query);
            }
        }
    }

    @Test
    void theValuesOfCommittedIdsAreCachedAndThoseOfAWriteTransactionAreNot() {
        DatasetGraph dsg = stores.fresh();
        Node committed = NodeFactory.createLiteralDT("7", XSDDatatype.XSDinteger);
        Node uncommitted = NodeFactory.createLiteralDT("8", XSDDatatype.XSDinteger);
        Txn.executeWrite(dsg, () -> {
            dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("s"), RandomQuads.iri("p"), committed);
            dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("t"), RandomQuads.iri("p"), RandomQuads.iri("o"));
        });
        StoreDatasetGraph store = (StoreDatasetGraph) dsg;
        String query = "SELECT * { ?s ?p ?o . ?s ?p ?x FILTER(?o > 1.5) }"; // a decimal: ARQ's to evaluate
        assertEquals(1, RandomQuads.solutions(dsg, query).size());
        long committedId = Txn.calculateRead(dsg, () -> store.idOf(store.currentTxn(), committed, false));
        assertNotNull(store.committedValues().get(committedId), "the committed literal's value is cached");

        dsg.begin(org.apache.jena.query.TxnType.WRITE);
        try {
            dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("u"), RandomQuads.iri("p"), uncommitted);
            long uncommittedId = store.idOf(store.currentTxn(), uncommitted, false);
            try (QueryExec exec = QueryExec.dataset(dsg).query(RandomQuads.PREFIXES + query).build()) {
                List<Object> rows = new ArrayList<>();
                exec.select().forEachRemaining(rows::add);
                assertEquals(2, rows.size());
            }
            assertNull(store.committedValues().get(uncommittedId), "an uncommitted id's value is not shared");
        } finally {
            dsg.abort();
        }
    }

    /** The query's solutions in the order given. */
    private static List<String> ordered(DatasetGraph dsg, String query) {
        return Txn.calculateRead(dsg, () -> {
            List<String> rows = new ArrayList<>();
            try (QueryExec exec = QueryExec.dataset(dsg).query(RandomQuads.PREFIXES + query).build()) {
                exec.select().forEachRemaining(row -> rows.add(RandomQuads.row(row)));
            }
            return rows;
        });
    }
}
