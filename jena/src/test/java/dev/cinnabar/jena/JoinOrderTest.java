package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cinnabar.quadstore.PatternEstimate;
import dev.cinnabar.quadstore.QuadStore;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JoinOrder}: patterns run in order of estimated cost, whatever order they were written in. */
class JoinOrderTest {

    private static final String EX = "http://example/";
    private static final Node PERSON = iri("Person");
    private static final Node AGE = iri("age");
    private static final Node NAME = iri("name");
    private static final Node KNOWS = iri("knows");
    private static final Var X = Var.alloc("x");
    private static final Var Y = Var.alloc("y");
    private static final Var A = Var.alloc("a");

    private static final Triple IS_PERSON = Triple.create(X, RDF.type.asNode(), PERSON); // 2,000 matches
    private static final Triple HAS_AGE = Triple.create(X, AGE, A); // 1,000
    private static final Triple IS_ALICE = Triple.create(X, NAME, NodeFactory.createLiteralString("Alice")); // 1

    @TempDir
    Path temp;
    private OpenStores stores;
    private DatasetGraph dsg;

    private static Node iri(String local) {
        return NodeFactory.createURI(EX + local);
    }

    @BeforeEach
    void load() {
        stores = new OpenStores(temp);
        dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> {
            for (int i = 0; i < 2000; i++) {
                Node person = iri("person" + i);
                dsg.add(Quad.defaultGraphIRI, person, RDF.type.asNode(), PERSON);
                if (i % 2 == 0) {
                    dsg.add(Quad.defaultGraphIRI, person, AGE, NodeFactory.createLiteralString("" + i % 90));
                }
                for (int k = 1; k <= 3; k++) {
                    dsg.add(Quad.defaultGraphIRI, person, KNOWS, iri("person" + (i + k) % 2000));
                }
            }
            dsg.add(Quad.defaultGraphIRI, iri("person7"), NAME, NodeFactory.createLiteralString("Alice"));
        });
    }

    @AfterEach
    void close() {
        stores.closeAll();
    }

    private List<Triple> order(Triple... written) {
        BasicPattern pattern = BasicPattern.wrap(List.of(written));
        return Txn.calculateRead(dsg, () -> {
            StoreDatasetGraph store = (StoreDatasetGraph) dsg;
            TxnIds scope = new TxnIds(store, store.currentTxn());
            return JoinOrder.order(scope, IdPatternJoin.GraphMode.FIXED, null, pattern, pattern).getList();
        });
    }

    @Test
    void forManyInputRowsAVariableTheyBindCountsAsBoundToAValueNotYetKnown() {
        // ?c comes from the input (VALUES ?c { ... }): each row binds it to some class, so "?x a ?c" is about
        // matches / classes per row, more than Alice's one; with the first row substituted, a class that few
        // have would have put it first for every row.
        Var c = Var.alloc("c");
        Triple typed = Triple.create(X, RDF.type.asNode(), c);
        BasicPattern pattern = BasicPattern.wrap(List.of(typed, IS_ALICE));
        List<Triple> ordered = Txn.calculateRead(dsg, () -> {
            StoreDatasetGraph store = (StoreDatasetGraph) dsg;
            TxnIds scope = new TxnIds(store, store.currentTxn());
            return JoinOrder.orderForInputs(scope, IdPatternJoin.GraphMode.FIXED, null, pattern, java.util.Set.of(c))
                .getList();
        });
        assertEquals(List.of(IS_ALICE, typed), ordered);
        BasicPattern firstRow = BasicPattern.wrap(List.of(Triple.create(X, RDF.type.asNode(), iri("Nothing")),
            IS_ALICE));
        assertEquals(firstRow.get(0), order(firstRow.get(0), IS_ALICE).get(0),
            "grounded by a first row whose class has no members, the type pattern would run first for every row");
    }

    @Test
    void theMostSelectivePatternRunsFirstWhereverItIsWritten() {
        assertEquals(IS_ALICE, order(IS_PERSON, HAS_AGE, IS_ALICE).get(0));
        assertEquals(IS_ALICE, order(IS_ALICE, IS_PERSON, HAS_AGE).get(0));
    }

    @Test
    void everyWrittenOrderOfTheSamePatternsRunsInOneOrder() {
        List<Triple> expected = List.of(IS_ALICE, HAS_AGE, IS_PERSON);
        for (List<Triple> written : permutations(List.of(IS_PERSON, HAS_AGE, IS_ALICE))) {
            assertEquals(expected, order(written.toArray(new Triple[0])), "written " + written);
        }
    }

    @Test
    void aConnectedPatternGoesBeforeASmallerOneThatWouldMakeACrossProduct() {
        Triple knows = Triple.create(X, KNOWS, Y); // 6,000 matches, but joined to ?x
        Triple anyPerson = Triple.create(Y, RDF.type.asNode(), PERSON); // 2,000, only joined through ?y
        Triple ageOfAlice = Triple.create(X, AGE, A);
        assertEquals(List.of(IS_ALICE, knows, anyPerson), order(anyPerson, knows, IS_ALICE));
        assertEquals(IS_ALICE, order(ageOfAlice, anyPerson, knows, IS_ALICE).get(0));
    }

    @Test
    void aPatternWithATermTheStoreNeverSawRunsFirst() {
        Triple never = Triple.create(X, iri("never-stored"), A);
        assertEquals(never, order(IS_PERSON, HAS_AGE, never).get(0));
    }

    private static List<List<Triple>> permutations(List<Triple> items) {
        List<List<Triple>> out = new ArrayList<>();
        if (items.size() <= 1) {
            out.add(new ArrayList<>(items));
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            List<Triple> rest = new ArrayList<>(items);
            Triple first = rest.remove(i);
            for (List<Triple> tail : permutations(rest)) {
                tail.add(0, first);
                out.add(tail);
            }
        }
        return out;
    }

    @Test
    void patternsAroundOneSubjectAreEstimatedInOneScanAsTheStoreEstimatesEachAlone() {
        Node hub = iri("hub");
        Txn.executeWrite(dsg, () -> {
            for (int i = 0; i <= JoinOrder.SUBJECT_SCAN_QUADS; i++) {
                dsg.add(Quad.defaultGraphIRI, hub, KNOWS, iri("person" + i));
            }
            dsg.add(Quad.defaultGraphIRI, hub, AGE, NodeFactory.createLiteralString("1"));
        });
        Txn.executeRead(dsg, () -> {
            StoreDatasetGraph store = (StoreDatasetGraph) dsg;
            TxnIds scope = new TxnIds(store, store.currentTxn());
            long g = store.defaultGraphId(scope.txn);
            long[] predicates = new long[4];
            Node[] nodes = {RDF.type.asNode(), AGE, KNOWS, NAME};
            for (int i = 0; i < nodes.length; i++) {
                predicates[i] = store.idOf(scope.txn, nodes[i], false);
            }
            for (int i = 0; i < 40; i++) {
                long s = store.idOf(scope.txn, i == 0 ? hub : iri("person" + i), false);
                long[][] ids = {{g, s, predicates[0], QuadStore.ANY}, {g, s, predicates[1], QuadStore.ANY},
                    {g, s, predicates[2], QuadStore.ANY}, {g, s, predicates[3], QuadStore.ANY},
                    {g, s, QuadStore.ANY, QuadStore.ANY}, {g, QuadStore.ANY, predicates[2], s}};

                PatternEstimate[] found = JoinOrder.bySubject(scope, ids);

                for (int t = 0; t < ids.length; t++) {
                    if (t < 4 && i > 0) {
                        PatternEstimate alone = scope.txn.reader.estimate(ids[t][0], ids[t][1], ids[t][2],
                            ids[t][3]);
                        assertEquals(alone.quads() + " " + alone.exact() + " " + Arrays.toString(alone.distinct()),
                            found[t].quads() + " " + found[t].exact() + " " + Arrays.toString(found[t].distinct()),
                            "person" + i + " pattern " + t);
                    } else {
                        assertNull(found[t], "pattern " + t + " of " + (i == 0 ? "the hub" : "person" + i));
                    }
                }
            }
        });
    }
}
