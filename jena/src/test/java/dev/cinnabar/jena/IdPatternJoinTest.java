package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.JenaTransactionException;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic graph patterns evaluated on atom ids ({@link StoreOpExecutor}, {@link IdPatternJoin}). */
class IdPatternJoinTest {

    private static final String EX = "http://example/";
    private static final String PREFIXES = "PREFIX ex: <" + EX + ">\n";

    @TempDir
    Path temp;
    private OpenStores stores;

    @BeforeEach
    void open() {
        stores = new OpenStores(temp);
    }

    @AfterEach
    void close() {
        stores.closeAll();
    }

    private static Node iri(String local) {
        return NodeFactory.createURI(EX + local);
    }

    // ------------------------------------------------------------------------------------ random data and queries

    private static final Node[] GRAPHS = {Quad.defaultGraphIRI, iri("g0"), iri("g1"), iri("g2")};
    private static final Node[] SUBJECTS = {iri("s0"), iri("s1"), iri("s2"), iri("s3"),
        NodeFactory.createBlankNode("b0"), NodeFactory.createBlankNode("b1")};
    private static final Node[] PREDICATES = {iri("p0"), iri("p1"), iri("p2")};
    private static final Node[] LITERALS = {
        NodeFactory.createLiteralString("a"),
        NodeFactory.createLiteralString(""),
        NodeFactory.createLiteralLang("a", "en"),
        NodeFactory.createLiteralLang("a", "en-gb"),
        NodeFactory.createLiteralDT("1", XSDDatatype.XSDinteger),
        NodeFactory.createLiteralDT("01", XSDDatatype.XSDinteger),
        NodeFactory.createLiteralDT("1.0", XSDDatatype.XSDdouble),
        NodeFactory.createLiteralDT("1", XSDDatatype.XSDdecimal),
        NodeFactory.createLiteralDT("true", XSDDatatype.XSDboolean),
        NodeFactory.createLiteralDT("2020-01-01", XSDDatatype.XSDdate),
        NodeFactory.createLiteralDT("abc", XSDDatatype.XSDint), // ill-typed
        NodeFactory.createLiteralDT("x", NodeFactory.getType(EX + "unknownType")),
    };
    private static final Node NEVER = iri("never-stored");

    /** The same random quads in a fresh store and in Jena's in-memory dataset. */
    private DatasetGraph[] randomDatasets(Random random, int quads) {
        DatasetGraph store = stores.fresh();
        DatasetGraph memory = DatasetGraphFactory.createTxnMem();
        List<Quad> all = new ArrayList<>();
        for (int i = 0; i < quads; i++) {
            Node o = random.nextInt(3) == 0 ? pick(random, SUBJECTS) : pick(random, LITERALS);
            all.add(Quad.create(pick(random, GRAPHS), pick(random, SUBJECTS), pick(random, PREDICATES), o));
        }
        // The same triple in several named graphs, so the union graph has duplicates to drop.
        all.add(Quad.create(iri("g0"), iri("s0"), iri("p0"), iri("s1")));
        all.add(Quad.create(iri("g1"), iri("s0"), iri("p0"), iri("s1")));
        all.add(Quad.create(iri("g2"), iri("s0"), iri("p0"), iri("s1")));
        Txn.executeWrite(store, () -> all.forEach(store::add));
        Txn.executeWrite(memory, () -> all.forEach(memory::add));
        return new DatasetGraph[] {store, memory};
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String term(Node node) {
        if (node.isBlank()) {
            return "<_:" + node.getBlankNodeLabel() + ">"; // ARQ's syntax for a blank node constant
        }
        if (node.isURI()) {
            return "<" + node.getURI() + ">";
        }
        String lex = "\"" + node.getLiteralLexicalForm() + "\"";
        if (!node.getLiteralLanguage().isEmpty()) {
            return lex + "@" + node.getLiteralLanguage();
        }
        return lex + "^^<" + node.getLiteralDatatypeURI() + ">";
    }

    private static String randomBgp(Random random) {
        String[] vars = {"?a", "?b", "?c"};
        StringBuilder bgp = new StringBuilder();
        int patterns = 1 + random.nextInt(3);
        for (int i = 0; i < patterns; i++) {
            String s = random.nextInt(4) == 0 ? term(random.nextInt(8) == 0 ? NEVER : pick(random, SUBJECTS))
                : pick(random, vars);
            // A predicate variable of its own: ARQ rejects a literal substituted into the predicate position.
            String p = random.nextInt(3) == 0 ? "?q" : term(pick(random, PREDICATES));
            String o;
            int kind = random.nextInt(6);
            if (kind == 0) {
                o = term(pick(random, LITERALS));
            } else if (kind == 1) {
                o = term(pick(random, SUBJECTS));
            } else {
                o = pick(random, vars);
            }
            bgp.append(s).append(' ').append(p).append(' ').append(o).append(" .\n");
        }
        return bgp.toString();
    }

    private static String randomQuery(Random random) {
        String bgp = randomBgp(random);
        switch (random.nextInt(8)) {
            case 0:
                return "SELECT * { GRAPH ex:g0 {\n" + bgp + "} }";
            case 1:
                return "SELECT * { GRAPH ?g {\n" + bgp + "} }";
            case 2:
                return "SELECT * { GRAPH <" + Quad.unionGraph.getURI() + "> {\n" + bgp + "} }";
            case 3:
                return "SELECT * { VALUES ?a { ex:s0 ex:s1 <_:b0> \"a\"@en 1 ex:never-stored }\n" + bgp + "}";
            case 4:
                return "SELECT * { ?a ex:p0 ?b OPTIONAL {\n" + bgp + "} }";
            case 5:
                return "SELECT * { VALUES ?g { ex:g0 ex:g2 ex:never-stored } GRAPH ?g {\n" + bgp + "} }";
            case 6:
                return "SELECT * { ?a ?p ?b . GRAPH ?g {\n" + bgp + "} }";
            default:
                return "SELECT * {\n" + bgp + "}";
        }
    }

    /** The query's solutions, each a sorted var=term map, as a sorted list: a multiset to compare. */
    private static List<String> solutions(DatasetGraph dsg, String query) {
        return Txn.calculateRead(dsg, () -> {
            List<String> rows = new ArrayList<>();
            try (QueryExec exec = QueryExec.dataset(dsg).query(PREFIXES + query).build()) {
                RowSet results = exec.select();
                while (results.hasNext()) {
                    Binding row = results.next();
                    TreeMap<String, String> values = new TreeMap<>();
                    row.forEach((var, node) -> values.put(var.getVarName(), node.toString()));
                    rows.add(values.toString());
                }
            }
            rows.sort(null);
            return rows;
        });
    }

    @Test
    void randomBasicGraphPatternsGiveArqsAnswersOverAnInMemoryCopy() {
        int nonEmpty = 0;
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            DatasetGraph[] datasets = randomDatasets(random, 120);
            for (int q = 0; q < 150; q++) {
                String query = randomQuery(random);
                List<String> expected = solutions(datasets[1], query);
                assertEquals(expected, solutions(datasets[0], query), "seed " + seed + ":\n" + query);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(nonEmpty > 200, "too few queries with answers to mean anything: " + nonEmpty);
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
