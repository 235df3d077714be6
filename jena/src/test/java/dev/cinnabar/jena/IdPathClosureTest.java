package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code p+} and {@code p*} as closures on atom ids ({@link IdPathClosure}) give ARQ's answers. */
class IdPathClosureTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    private static String end(Random random, String var) {
        switch (random.nextInt(6)) {
            case 0:
                return RandomQuads.term(RandomQuads.pick(random, RandomQuads.SUBJECTS));
            case 1:
                return random.nextBoolean() ? RandomQuads.term(RandomQuads.NEVER)
                    : RandomQuads.term(RandomQuads.pick(random, RandomQuads.LITERALS));
            default:
                return var;
        }
    }

    /** A path with random ends, alone or beside patterns that bind its ends first or after, in a graph or not. */
    private static String randomPathQuery(Random random) {
        String p = RandomQuads.term(RandomQuads.pick(random, RandomQuads.PREDICATES));
        String path = end(random, "?x") + " " + p + (random.nextBoolean() ? "+" : "*") + " " + end(random, "?y")
            + " .";
        String other = "?x " + RandomQuads.term(RandomQuads.pick(random, RandomQuads.PREDICATES)) + " ?z .";
        String body;
        switch (random.nextInt(4)) {
            case 0:
                body = path;
                break;
            case 1:
                body = other + " " + path;
                break;
            case 2:
                body = path + " " + other;
                break;
            default:
                body = "?y ?q ?x . " + path;
                break;
        }
        switch (random.nextInt(4)) {
            case 0:
                return "SELECT * { GRAPH " + RandomQuads.term(RandomQuads.pick(random, RandomQuads.GRAPHS)
                    .equals(Quad.defaultGraphIRI) ? RandomQuads.iri("g0") : RandomQuads.iri("g1")) + " { " + body
                    + " } }";
            case 1:
                return "SELECT * { GRAPH ?g { " + body + " } }";
            case 2:
                return "SELECT * { GRAPH <" + Quad.unionGraph.getURI() + "> { " + body + " } }";
            default:
                return "SELECT * { " + body + " }";
        }
    }

    @Test
    void randomPathsGiveArqsAnswersOverAnInMemoryCopy() {
        long nonEmpty = RandomQuads.nonEmpty(RandomQuads.assertSameAsArq(stores, 150, 150,
            IdPathClosureTest::randomPathQuery));
        assertTrue(nonEmpty > 200, "too few queries with answers to mean anything: " + nonEmpty);
    }

    @Test
    void aCycleReachesItsStartUnderPlusAndALongChainIsFollowedToItsEnd() {
        DatasetGraph dsg = stores.fresh();
        int length = 300;
        Txn.executeWrite(dsg, () -> {
            for (int i = 0; i < length; i++) {
                dsg.add(Quad.defaultGraphIRI, node(i), RandomQuads.iri("next"), node(i + 1));
            }
            dsg.add(Quad.defaultGraphIRI, node(length), RandomQuads.iri("next"), node(0));
        });
        assertEquals(length + 1, RandomQuads.solutions(dsg, "SELECT * { ex:n0 ex:next+ ?y }").size());
        assertEquals(List.of("{}"), RandomQuads.solutions(dsg, "SELECT * { ex:n0 ex:next+ ex:n0 }"));
        assertEquals(length + 1, RandomQuads.solutions(dsg, "SELECT * { ?x ex:next* ex:n7 }").size());
    }

    private static Node node(int i) {
        return RandomQuads.iri("n" + i);
    }

    @Test
    void aPathWithASmallClosureFromItsConstantEndRunsBeforeALargerPatternWrittenFirst() {
        DatasetGraph dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> {
            for (int i = 0; i < 500; i++) {
                dsg.add(Quad.defaultGraphIRI, node(i), org.apache.jena.vocabulary.RDF.type.asNode(),
                    RandomQuads.iri("Group"));
                dsg.add(Quad.defaultGraphIRI, node(i), RandomQuads.iri("partOf"), RandomQuads.iri("dept" + i % 50));
                dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("dept" + i % 50), RandomQuads.iri("partOf"),
                    RandomQuads.iri("univ" + i % 5));
            }
        });
        String query = "SELECT * { ?x a ex:Group . ?x ex:partOf+ ex:univ0 }";
        assertEquals(100, RandomQuads.solutions(dsg, query).size());
        String plan = RandomQuads.plan(dsg, query);
        // The pattern runs over the path's rows: the plan lists the closure (the pattern's input) before it.
        assertTrue(plan.indexOf("IdPathClosure") < plan.indexOf("IdPatternJoin"), plan);
    }

    @Test
    void aPathAfterAPatternRunsAsAClosure() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(5), 40)[0];
        String plan = RandomQuads.plan(dsg, "SELECT * { ?x ex:p1 ?z . ?x ex:p0+ ex:s1 }");
        assertTrue(plan.contains("IdPathClosure"), plan);
    }
}
