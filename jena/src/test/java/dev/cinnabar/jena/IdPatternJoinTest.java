package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.JenaTransactionException;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterRoot;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Basic graph patterns evaluated on atom ids ({@link StoreOpExecutor}, {@link IdPatternJoin}). */
class IdPatternJoinTest {

    private static final String PREFIXES = RandomQuads.PREFIXES;

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    private static Node iri(String local) {
        return RandomQuads.iri(local);
    }

    // ------------------------------------------------------------------------------------ random data and queries

    @Test
    void randomBasicGraphPatternsGiveArqsAnswersOverAnInMemoryCopy() {
        long nonEmpty = RandomQuads.nonEmpty(RandomQuads.assertSameAsArq(stores, 120, 150,
            random -> "SELECT * " + RandomQuads.randomWhere(random)));
        assertTrue(nonEmpty > 200, "too few queries with answers to mean anything: " + nonEmpty);
    }

    @Test
    void randomBasicGraphPatternsGiveArqsAnswersWhenPatternsAreReadIntoHashTables() {
        long nonEmpty = 0;
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            DatasetGraph[] datasets = RandomQuads.datasets(stores, random, 120);
            // From the second opening on, every pattern that fits is probed in a hash table instead of sought.
            datasets[0].getContext().set(IdPatternJoin.HASH_JOIN_AFTER_OPENS, 1);
            for (int q = 0; q < 150; q++) {
                String query = "SELECT * " + RandomQuads.randomWhere(random);
                List<String> expected = RandomQuads.solutions(datasets[1], query);
                assertEquals(expected, RandomQuads.solutions(datasets[0], query), "seed " + seed + ":\n" + query);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(nonEmpty > 200, "too few queries with answers to mean anything: " + nonEmpty);
    }

    @Test
    void aPatternOpenedOncePerRowOfManyIsReadIntoOneHashTableWithTheSameSolutions() {
        DatasetGraph dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> {
            // 3,000 members of C, each opening the label pattern once; 4,000 labels, read in one scan instead.
            for (int i = 0; i < 4000; i++) {
                if (i < 3000) {
                    dsg.add(Quad.defaultGraphIRI, iri("x" + i), iri("type"), iri("C"));
                }
                dsg.add(Quad.defaultGraphIRI, iri("x" + i), iri("label"), NodeFactory.createLiteralString("l" + i));
            }
        });
        BasicPattern pattern = new BasicPattern();
        pattern.add(Triple.create(Var.alloc("x"), iri("type"), iri("C")));
        pattern.add(Triple.create(Var.alloc("x"), iri("label"), Var.alloc("l")));
        List<String> seeking = joinRows(dsg, pattern, 0);
        assertEquals(3000, seeking.size());
        List<String> hashing = joinRows(dsg, pattern, 64);
        assertEquals(seeking, hashing);
    }

    /** The solutions of {@code pattern} in order over the default graph, sorted, with hash tables after {@code opens}. */
    private static List<String> joinRows(DatasetGraph dsg, BasicPattern pattern, int opens) {
        return Txn.calculateRead(dsg, () -> {
            StoreDatasetGraph store = (StoreDatasetGraph) dsg;
            ExecutionContext execCxt = new ExecutionContext(dsg);
            execCxt.getContext().set(IdPatternJoin.HASH_JOIN_AFTER_OPENS, opens);
            IdPatternJoin join = (IdPatternJoin) IdPatternJoin.create(new TxnIds(store, store.currentTxn()),
                IdPatternJoin.GraphMode.FIXED, null, pattern, QueryIterRoot.create(execCxt), execCxt);
            List<String> rows = new ArrayList<>();
            while (join.hasNext()) {
                Binding row = join.next();
                rows.add(row.get(Var.alloc("x")) + " " + row.get(Var.alloc("l")));
            }
            assertEquals(opens == 0 ? 0 : 1, join.hashTablesBuilt(), "hash tables built");
            rows.sort(null);
            return rows;
        });
    }

    @Test
    void inputRowsThatAgreeOnThePatternsVariablesShareOneRunAndEachGetsItsSolutions() {
        DatasetGraph[] datasets = RandomQuads.datasets(stores, new Random(11), 120);
        // ?c and ?d take 4 x 3 values the pattern never reads, ?a two values it does: 2 runs for 24 rows.
        String query = "SELECT * { VALUES ?c { 1 2 3 4 } VALUES ?d { ex:s0 \"a\" ex:never-stored } "
            + "VALUES ?a { ex:s0 ex:s1 } ?a ?q ?b . ?b ?p ?e }";
        List<String> expected = RandomQuads.solutions(datasets[1], query);
        assertFalse(expected.isEmpty());
        assertEquals(expected, RandomQuads.solutions(datasets[0], query));
        String plan = RandomQuads.plan(datasets[0], query);
        assertTrue(plan.contains("InputGroups 2 groups"), plan);
    }

    // ------------------------------------------------------------------------------------ the executor is used

    private static List<Binding> evaluate(DatasetGraph dsg, String pattern) {
        Query query = QueryFactory.create(PREFIXES + "SELECT * {" + pattern + "}");
        Op op = Algebra.compile(query.getQueryPattern());
        return Txn.calculateRead(dsg, () -> {
            List<Binding> rows = new ArrayList<>();
            QueryIterator iter = Algebra.exec(op, dsg);
            iter.forEachRemaining(rows::add);
            iter.close();
            return rows;
        });
    }

    private DatasetGraph smallStore() {
        DatasetGraph dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> {
            dsg.add(Quad.defaultGraphIRI, iri("s"), iri("p"), iri("o"));
            dsg.add(iri("g1"), iri("s"), iri("p"), iri("o1"));
            dsg.add(iri("g2"), iri("s"), iri("p"), iri("o1"));
        });
        return dsg;
    }

    @Test
    void patternsOverTheDefaultGraphAreSolvedOnIds() {
        List<Binding> rows = evaluate(smallStore(), "?s ex:p ?o");
        assertEquals(1, rows.size());
        assertInstanceOf(IdBinding.class, rows.get(0));
        assertEquals(iri("o"), rows.get(0).get(Var.alloc("o")));
    }

    @Test
    void patternsOverANamedGraphTheUnionGraphAndAGraphVariableAreSolvedOnIds() {
        DatasetGraph dsg = smallStore();
        List<Binding> named = evaluate(dsg, "GRAPH ex:g1 { ?s ex:p ?o }");
        List<Binding> union = evaluate(dsg, "GRAPH <" + Quad.unionGraph.getURI() + "> { ?s ex:p ?o }");
        List<Binding> variable = evaluate(dsg, "GRAPH ?g { ?s ex:p ?o }");
        assertEquals(1, named.size());
        assertInstanceOf(IdBinding.class, named.get(0));
        assertEquals(1, union.size(), "the union graph has each triple once");
        assertInstanceOf(IdBinding.class, union.get(0));
        assertEquals(2, variable.size());
        assertInstanceOf(IdBinding.class, variable.get(0));
        assertEquals(iri("g1"), variable.get(0).get(Var.alloc("g")));
        assertEquals(iri("g2"), variable.get(1).get(Var.alloc("g")));
    }

    @Test
    void theExecutorIsInstalledInTheStoresContextOnly() {
        DatasetGraph dsg = stores.fresh();
        assertInstanceOf(StoreOpExecutor.class, QC.getFactory(dsg.getContext()).create(
            org.apache.jena.sparql.engine.ExecutionContext.create(dsg)));
        assertNotSame(StoreOpExecutor.FACTORY, QC.getFactory(ARQ.getContext()));
        assertNotSame(StoreOpExecutor.FACTORY, QC.getFactory(DatasetGraphFactory.createTxnMem().getContext()));
    }

    // ------------------------------------------------------------------------------------ transactions and terms

    @Test
    void aWriteTransactionSeesItsOwnUncommittedQuads() {
        DatasetGraph dsg = smallStore();
        dsg.begin(org.apache.jena.query.TxnType.WRITE);
        try {
            dsg.add(Quad.defaultGraphIRI, iri("s"), iri("new-p"), NodeFactory.createLiteralString("new"));
            dsg.add(Quad.defaultGraphIRI, iri("new-s"), iri("new-p"), iri("s"));
            List<String> rows = new ArrayList<>();
            try (QueryExec exec = QueryExec.dataset(dsg)
                .query(PREFIXES + "SELECT ?x ?o { ?x ex:new-p ?y . ?y ex:new-p ?o }").build()) {
                exec.select().forEachRemaining(b -> rows.add(b.get("x") + " " + b.get("o")));
            }
            assertEquals(List.of(iri("new-s") + " \"new\""), rows);
        } finally {
            dsg.abort();
            dsg.end();
        }
    }

    @Test
    void aPatternWithATermTheStoreNeverSawHasNoSolutions() {
        DatasetGraph dsg = smallStore();
        assertEquals(List.of(), evaluate(dsg, "?s ex:p ?o . ?s ex:never-stored ?x"));
        assertEquals(List.of(), evaluate(dsg, "?s ex:p \"never stored\""));
        assertEquals(List.of(), evaluate(dsg, "GRAPH ex:never-stored { ?s ?p ?o }"));
        assertEquals(1, evaluate(dsg, "?s ex:p ?o").size(), "the known part alone has a solution");
    }

    @Test
    void aRepeatedVariableMatchesOnlyEqualTerms() {
        DatasetGraph dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> {
            dsg.add(Quad.defaultGraphIRI, iri("x"), iri("p"), iri("x"));
            dsg.add(Quad.defaultGraphIRI, iri("x"), iri("p"), iri("y"));
        });
        List<Binding> rows = evaluate(dsg, "?a ex:p ?a");
        assertEquals(1, rows.size());
        assertEquals(iri("x"), rows.get(0).get(Var.alloc("a")));
    }

    @Test
    void resultsCopiedOutOfAReadTransactionStillDecode() {
        DatasetGraph dsg = smallStore();
        List<Binding> rows = evaluate(dsg, "?s ex:p ?o"); // evaluate ends its read transaction
        assertFalse(dsg.isInTransaction());
        assertEquals(iri("s"), rows.get(0).get(Var.alloc("s")));
    }

    @Test
    void resultsOfAnAbortedWriteTransactionCannotBeDecodedAfterwards() {
        DatasetGraph dsg = smallStore();
        List<Binding> rows = new ArrayList<>();
        dsg.begin(org.apache.jena.query.TxnType.WRITE);
        dsg.add(Quad.defaultGraphIRI, iri("s"), iri("p"), iri("rolled-back"));
        QueryIterator iter = Algebra.exec(Algebra.compile(QueryFactory.create(PREFIXES
            + "SELECT * { ex:s ex:p ?o }").getQueryPattern()), dsg);
        iter.forEachRemaining(rows::add);
        dsg.abort();
        dsg.end();
        assertEquals(2, rows.size());
        assertThrows(JenaTransactionException.class, () -> rows.forEach(b -> b.get(Var.alloc("o"))));
    }
}
