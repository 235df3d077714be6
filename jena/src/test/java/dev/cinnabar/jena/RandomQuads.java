package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.serializer.SerializationContext;
import org.apache.jena.system.Txn;

/**
 * Random quads over a small vocabulary (IRIs, blank nodes, literals of many kinds, several graphs) in a fresh store
 * and in Jena's in-memory dataset, random basic graph patterns over them, and solutions as comparable multisets:
 * the differential tests of the operators that run on ids.
 */
final class RandomQuads {

    static final String EX = "http://example/";
    static final String PREFIXES = "PREFIX ex: <" + EX + ">\n";

    private RandomQuads() {
    }

    static Node iri(String local) {
        return NodeFactory.createURI(EX + local);
    }

    static final Node[] GRAPHS = {Quad.defaultGraphIRI, iri("g0"), iri("g1"), iri("g2")};
    static final Node[] SUBJECTS = {iri("s0"), iri("s1"), iri("s2"), iri("s3"),
        NodeFactory.createBlankNode("b0"), NodeFactory.createBlankNode("b1")};
    static final Node[] PREDICATES = {iri("p0"), iri("p1"), iri("p2")};
    static final Node[] LITERALS = {
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
    static final Node NEVER = iri("never-stored");

    /** The same random quads in a fresh store and in Jena's in-memory dataset. */
    static DatasetGraph[] datasets(OpenStores stores, Random random, int quads) {
        List<Quad> all = new ArrayList<>();
        for (int i = 0; i < quads; i++) {
            Node o = random.nextInt(3) == 0 ? pick(random, SUBJECTS) : pick(random, LITERALS);
            all.add(Quad.create(pick(random, GRAPHS), pick(random, SUBJECTS), pick(random, PREDICATES), o));
        }
        // The same triple in several named graphs, so the union graph has duplicates to drop.
        all.add(Quad.create(iri("g0"), iri("s0"), iri("p0"), iri("s1")));
        all.add(Quad.create(iri("g1"), iri("s0"), iri("p0"), iri("s1")));
        all.add(Quad.create(iri("g2"), iri("s0"), iri("p0"), iri("s1")));
        return datasets(stores, all);
    }

    /** {@code quads} in a fresh store and in Jena's in-memory dataset: the store first, then the control. */
    static DatasetGraph[] datasets(OpenStores stores, List<Quad> quads) {
        DatasetGraph store = stores.fresh();
        DatasetGraph memory = DatasetGraphFactory.createTxnMem();
        Txn.executeWrite(store, () -> quads.forEach(store::add));
        Txn.executeWrite(memory, () -> quads.forEach(memory::add));
        return new DatasetGraph[] {store, memory};
    }

    static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    static String term(Node node) {
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

    static String randomBgp(Random random) {
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

    /** The query's solutions, each a sorted var=term map, as a sorted list: a multiset to compare. */
    static List<String> solutions(DatasetGraph dsg, String query) {
        return Txn.calculateRead(dsg, () -> {
            List<String> rows = new ArrayList<>();
            try (QueryExec exec = QueryExec.dataset(dsg).query(PREFIXES + query).build()) {
                RowSet results = exec.select();
                results.forEachRemaining(row -> rows.add(row(row)));
            }
            rows.sort(null);
            return rows;
        });
    }

    /**
     * {@link #solutions} without ARQ's optimizer: the operators as written ({@code leftjoin} with its expressions
     * rather than the {@code conditional} the optimizer makes of it).
     */
    static List<String> unoptimizedSolutions(DatasetGraph dsg, String query) {
        return Txn.calculateRead(dsg, () -> {
            List<String> rows = new ArrayList<>();
            try (QueryExec exec = QueryExec.dataset(dsg).query(PREFIXES + query).set(ARQ.optimization, false)
                    .build()) {
                exec.select().forEachRemaining(row -> rows.add(row(row)));
            }
            rows.sort(null);
            return rows;
        });
    }

    static String row(Binding row) {
        TreeMap<String, String> values = new TreeMap<>();
        row.forEach((var, node) -> values.put(var.getVarName(), node.toString()));
        return values.toString();
    }

    /** One query of a differential run: the query, ARQ's solutions, and the in-memory control they came from. */
    record Checked(String query, List<String> expected, DatasetGraph control) {
    }

    /**
     * The differential test: for seeds 1 to 4, {@code quads} random quads in a store and in memory, then
     * {@code queriesPerSeed} queries from {@code queries}, each asserted to give ARQ's solutions on the store. The
     * queries and ARQ's answers are returned, for the caller to check that they mean something (not all empty).
     */
    static List<Checked> assertSameAsArq(OpenStores stores, int quads, int queriesPerSeed,
                                         Function<Random, String> queries) {
        return assertSameAsArq(random -> datasets(stores, random, quads), queriesPerSeed, queries);
    }

    /** {@link #assertSameAsArq(OpenStores, int, int, Function)} over the store and control {@code data} makes. */
    static List<Checked> assertSameAsArq(Function<Random, DatasetGraph[]> data, int queriesPerSeed,
                                         Function<Random, String> queries) {
        List<Checked> checked = new ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            DatasetGraph[] datasets = data.apply(random);
            for (int q = 0; q < queriesPerSeed; q++) {
                String query = queries.apply(random);
                List<String> expected = solutions(datasets[1], query);
                assertEquals(expected, solutions(datasets[0], query), "seed " + seed + ":\n" + query);
                checked.add(new Checked(query, expected, datasets[1]));
            }
        }
        return checked;
    }

    /** How many of {@code checked} have solutions. */
    static long nonEmpty(List<Checked> checked) {
        return checked.stream().filter(c -> !c.expected().isEmpty()).count();
    }

    /**
     * The iterator tree of {@code query} (with {@link #PREFIXES}, as ARQ's optimizer leaves it) over {@code dsg}, as
     * ARQ prints it: which operators ran, in which nesting, for tests that check a plan and not only its answers.
     */
    static String plan(DatasetGraph dsg, String query) {
        // Optimized with the dataset's context, as a query on it is (it turns filter placement into BGPs off).
        return plan(dsg, Algebra.optimize(Algebra.compile(QueryFactory.create(PREFIXES + query)), dsg.getContext()));
    }

    /** {@link #plan(DatasetGraph, String)} of an algebra expression as given. */
    static String plan(DatasetGraph dsg, Op op) {
        return Txn.calculateRead(dsg, () -> {
            QueryIterator iter = Algebra.exec(op, dsg);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (IndentedWriter out = new IndentedWriter(bytes)) {
                iter.output(out, new SerializationContext());
            }
            iter.close();
            return bytes.toString(StandardCharsets.UTF_8);
        });
    }

    /**
     * A random group pattern over {@link #randomBgp}: the BGP alone, in a named graph, in {@code GRAPH ?g}, in the
     * union graph, after VALUES (with a never-stored value), under OPTIONAL, or joined with other patterns.
     */
    static String randomWhere(Random random) {
        String bgp = randomBgp(random);
        switch (random.nextInt(8)) {
            case 0:
                return "{ GRAPH ex:g0 {\n" + bgp + "} }";
            case 1:
                return "{ GRAPH ?g {\n" + bgp + "} }";
            case 2:
                return "{ GRAPH <" + Quad.unionGraph.getURI() + "> {\n" + bgp + "} }";
            case 3:
                return "{ VALUES ?a { ex:s0 ex:s1 <_:b0> \"a\"@en 1 ex:never-stored }\n" + bgp + "}";
            case 4:
                return "{ ?a ex:p0 ?b OPTIONAL {\n" + bgp + "} }";
            case 5:
                return "{ VALUES ?g { ex:g0 ex:g2 ex:never-stored } GRAPH ?g {\n" + bgp + "} }";
            case 6:
                return "{ ?a ?p ?b . GRAPH ?g {\n" + bgp + "} }";
            default:
                return "{\n" + bgp + "}";
        }
    }
}
