package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.describe.DescribeBNodeClosureFactory;
import org.apache.jena.sparql.core.describe.DescribeHandlerRegistry;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESCRIBE with {@link SymmetricDescribeHandler}: on ids over a Cinnabar dataset, the same triples as through
 * {@code find} over Jena's in-memory dataset holding the same quads.
 */
class SymmetricDescribeHandlerTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    @BeforeEach
    void installTheHandler() {
        SymmetricDescribeHandler.install();
    }

    @AfterEach
    void restoreArqsHandler() {
        DescribeHandlerRegistry.get().clear();
        DescribeHandlerRegistry.get().add(new DescribeBNodeClosureFactory());
    }

    /** The triples of {@code query}'s description on {@code dsg}, as sorted strings, in a read transaction. */
    private static List<String> described(DatasetGraph dsg, String query) {
        return Txn.calculateRead(dsg, () -> describedOutsideTransactions(dsg, query));
    }

    /** {@link #described} in the calling thread's transaction, if any. */
    private static List<String> describedOutsideTransactions(DatasetGraph dsg, String query) {
        List<String> triples = new ArrayList<>();
        try (QueryExec exec = QueryExec.dataset(dsg).query(RandomQuads.PREFIXES + query).build()) {
            Graph graph = exec.describe();
            graph.find().forEachRemaining(t -> triples.add(t.toString()));
        }
        triples.sort(null);
        return triples;
    }

    /** Resources named, or bound by a random pattern: stored subjects, blank nodes, literals, a never-stored IRI. */
    private static String randomDescribeQuery(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return "DESCRIBE " + RandomQuads.term(random.nextInt(6) == 0 ? RandomQuads.NEVER
                    : RandomQuads.pick(random, RandomQuads.SUBJECTS));
            case 1:
                return "DESCRIBE ?a WHERE { ?a " + RandomQuads.term(RandomQuads.pick(random, RandomQuads.PREDICATES))
                    + " ?b }";
            case 2:
                return "DESCRIBE ?b WHERE { " + RandomQuads.term(RandomQuads.pick(random, RandomQuads.SUBJECTS))
                    + " ?p ?b }";
            default:
                return "DESCRIBE * WHERE { " + RandomQuads.randomBgp(random) + "}";
        }
    }

    @Test
    void randomDescriptionsOnIdsGiveTheTriplesFoundOverAnInMemoryCopy() {
        long nonEmpty = 0;
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            DatasetGraph[] datasets = RandomQuads.datasets(stores, random, 20 + 10 * seed);
            for (int q = 0; q < 60; q++) {
                String query = randomDescribeQuery(random);
                List<String> expected = described(datasets[1], query);
                assertEquals(expected, described(datasets[0], query), "seed " + seed + ":\n" + query);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(nonEmpty > 150, "too few descriptions with triples to mean anything: " + nonEmpty);
    }

    @Test
    void aDescriptionIsTheTriplesOutAndInClosedOverBlankNodesEachTripleOnce() {
        DatasetGraph dsg = stores.fresh();
        Node r = RandomQuads.iri("r");
        Node p = RandomQuads.iri("p");
        Node b1 = NodeFactory.createBlankNode("b1");
        Node b2 = NodeFactory.createBlankNode("b2");
        Node b3 = NodeFactory.createBlankNode("b3");
        Txn.executeWrite(dsg, () -> {
            dsg.add(Quad.defaultGraphIRI, r, p, b1);          // out
            dsg.add(RandomQuads.iri("g0"), r, p, b1);         // the same triple in another graph
            dsg.add(Quad.defaultGraphIRI, b1, p, RandomQuads.iri("x")); // out, through the blank node
            dsg.add(Quad.defaultGraphIRI, b2, p, r);          // in
            dsg.add(RandomQuads.iri("g1"), b3, p, b2);        // in, through the blank node, in a named graph
            dsg.add(Quad.defaultGraphIRI, b2, p, RandomQuads.iri("y")); // out of an incoming blank node: not in
            dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("z"), p, RandomQuads.iri("x")); // unrelated
        });

        List<String> triples = described(dsg, "DESCRIBE ex:r");

        assertEquals(4, triples.size(), triples.toString());
        // Outside a transaction the description is read in a short read transaction of its own.
        List<String> implicit = describedOutsideTransactions(dsg, "DESCRIBE ex:r");
        assertEquals(triples, implicit);
    }
}
