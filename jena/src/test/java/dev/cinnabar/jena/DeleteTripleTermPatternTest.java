package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deleteAny} and SPARQL Update {@code DELETE WHERE} with a variable inside a triple term, such as
 * {@code <<( ?x :q ?y )>>}: no one id stands for the pattern, so the store must match triple terms structurally and
 * delete exactly the quads Jena's in-memory dataset deletes, on random data with nested triple terms.
 */
class DeleteTripleTermPatternTest {

    private static final int ROUNDS = 40;
    private static final Node[] IRIS = {RandomQuads.iri("a"), RandomQuads.iri("b"), RandomQuads.iri("c")};
    private static final Node[] PREDICATES = {RandomQuads.iri("p"), RandomQuads.iri("q")};
    private static final Node[] LITERALS = {NodeFactory.createLiteralString("x"),
        NodeFactory.createLiteralLang("y", "en")};

    @TempDir
    Path temp;
    private final List<DatasetGraph> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(DatasetGraph::close);
    }

    private static Node pick(Random random, Node[] nodes) {
        return nodes[random.nextInt(nodes.length)];
    }

    /** A random object: an IRI, a literal, or a triple term nested up to three deep. */
    private static Node object(Random random, int depth) {
        if (depth > 0 && random.nextInt(2) == 0) {
            return NodeFactory.createTripleTerm(pick(random, IRIS), pick(random, PREDICATES), object(random, depth - 1));
        }
        return random.nextBoolean() ? pick(random, IRIS) : pick(random, LITERALS);
    }

    /** A random triple term pattern of the same shape, with variables or ANY for some components. */
    private static Node pattern(Random random, int depth, boolean sparqlVariables, int[] names) {
        Node s = random.nextInt(3) == 0 ? wildcard(sparqlVariables, names) : pick(random, IRIS);
        Node p = random.nextInt(3) == 0 ? wildcard(sparqlVariables, names) : pick(random, PREDICATES);
        Node o = depth > 0 && random.nextInt(2) == 0 ? pattern(random, depth - 1, sparqlVariables, names)
            : random.nextInt(2) == 0 ? wildcard(sparqlVariables, names)
            : random.nextBoolean() ? pick(random, IRIS) : pick(random, LITERALS);
        return NodeFactory.createTripleTerm(s, p, o);
    }

    private static Node wildcard(boolean sparqlVariables, int[] names) {
        return sparqlVariables ? Var.alloc("v" + names[0]++) : Node.ANY;
    }

    /** The same random quads, with nested triple terms as objects, in a fresh store and in memory. */
    private DatasetGraph[] datasets(Random random) throws IOException {
        DatasetGraph store = CinnabarJena.connect(temp.resolve("store" + opened.size()));
        opened.add(store);
        DatasetGraph memory = DatasetGraphFactory.createTxnMem();
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            quads.add(Quad.create(random.nextBoolean() ? Quad.defaultGraphIRI : RandomQuads.iri("g"),
                pick(random, IRIS), pick(random, PREDICATES), object(random, 3)));
        }
        for (DatasetGraph dsg : new DatasetGraph[] {store, memory}) {
            Txn.executeWrite(dsg, () -> quads.forEach(dsg::add));
        }
        return new DatasetGraph[] {store, memory};
    }

    private static Set<Quad> all(DatasetGraph dsg) {
        return Txn.calculateRead(dsg, () -> {
            Set<Quad> quads = new HashSet<>();
            dsg.find().forEachRemaining(quads::add);
            return quads;
        });
    }

    /**
     * The reference is ARQ's {@code DELETE WHERE} on the in-memory dataset with a fresh variable for each ANY, not
     * the in-memory dataset's own {@code deleteAny}: that one takes a triple term with ANY inside for ANY as a whole
     * (it deletes every quad), which is not what the pattern says.
     */
    @Test
    void deleteAnyWithWildcardsInsideATripleTermDeletesWhatJenaDeletes() throws IOException {
        Random random = new Random(15);
        int deletedSomething = 0;
        for (int round = 0; round < ROUNDS; round++) {
            DatasetGraph[] both = datasets(random);
            int[] names = new int[1];
            Node pattern = pattern(random, 2, false, names);
            Node graph = random.nextBoolean() ? Node.ANY : RandomQuads.iri("g");
            int before = all(both[1]).size();
            Txn.executeWrite(both[0], () -> both[0].deleteAny(graph, Node.ANY, Node.ANY, pattern));
            String where = "?s ?p " + NodeFmt.str(pattern) + " ";
            String update = graph == Node.ANY
                ? "DELETE WHERE { " + where + "} ; DELETE WHERE { GRAPH ?g { " + where + "} }"
                : "DELETE WHERE { GRAPH " + NodeFmt.str(graph) + " { " + where + "} }";
            Txn.executeWrite(both[1], () -> UpdateAction.parseExecute(update, both[1]));
            assertEquals(all(both[1]), all(both[0]), "deleteAny(" + graph + ", ANY, ANY, " + pattern + ")");
            deletedSomething += all(both[1]).size() < before ? 1 : 0;
        }
        assertTrue(deletedSomething > ROUNDS / 4, "the patterns match some quads: " + deletedSomething);
    }

    @Test
    void sparqlDeleteWhereWithVariablesInsideATripleTermDeletesWhatJenaDeletes() throws IOException {
        Random random = new Random(16);
        int deletedSomething = 0;
        for (int round = 0; round < ROUNDS; round++) {
            DatasetGraph[] both = datasets(random);
            Node pattern = pattern(random, 2, true, new int[1]);
            String update = "DELETE WHERE { ?s ?p " + NodeFmt.str(pattern) + " }";
            int before = all(both[1]).size();
            for (DatasetGraph dsg : both) {
                Txn.executeWrite(dsg, () -> UpdateAction.parseExecute(update, dsg));
            }
            assertEquals(all(both[1]), all(both[0]), update);
            deletedSomething += all(both[1]).size() < before ? 1 : 0;
        }
        assertTrue(deletedSomething > ROUNDS / 4, "the patterns match some quads: " + deletedSomething);
    }

    /** SPARQL text of a pattern node; each ANY becomes a fresh variable. */
    private static final class NodeFmt {
        private static int fresh;

        static String str(Node node) {
            if (node.isVariable()) {
                return "?" + node.getName();
            }
            if (node == Node.ANY) {
                return "?any" + fresh++;
            }
            if (node.isTripleTerm()) {
                return "<<( " + str(node.getTriple().getSubject()) + " " + str(node.getTriple().getPredicate()) + " "
                    + str(node.getTriple().getObject()) + " )>>";
            }
            return org.apache.jena.sparql.util.FmtUtils.stringForNode(node);
        }
    }
}
