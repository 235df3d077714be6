package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.util.ExprUtils;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FILTER conditions decided on atom ids ({@link IdFilter}) give ARQ's answers. */
class IdFilterTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** Not ?q: ARQ substitutes a constant of sameTerm into the pattern, and rejects a literal as a predicate. */
    private static final String[] VARS = {"?a", "?a", "?b", "?b", "?c", "?g", "?z", "?unused"};

    /** A constant of any kind: stored IRIs, blank nodes and literals, and an IRI the store never saw. */
    private static String constant(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return RandomQuads.term(RandomQuads.pick(random, RandomQuads.LITERALS));
            case 1:
                return RandomQuads.term(RandomQuads.pick(random, RandomQuads.PREDICATES));
            case 2:
                return RandomQuads.term(RandomQuads.NEVER);
            default:
                return RandomQuads.term(RandomQuads.pick(random, RandomQuads.SUBJECTS));
        }
    }

    /** A condition ids may decide, or one they may not (literals, functions), nested in &&, || and !. */
    static String condition(Random random, int depth) {
        int kind = random.nextInt(depth > 1 ? 9 : 12);
        String v = RandomQuads.pick(random, VARS);
        switch (kind) {
            case 0:
                return "sameTerm(" + v + ", " + constant(random) + ")";
            case 1:
                return "sameTerm(" + constant(random) + ", " + RandomQuads.pick(random, VARS) + ")";
            case 2:
                return "sameTerm(" + v + ", " + RandomQuads.pick(random, VARS) + ")";
            case 3:
                return v + (random.nextBoolean() ? " = " : " != ") + constant(random);
            case 4: {
                List<String> values = new ArrayList<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    values.add(constant(random));
                }
                return v + (random.nextBoolean() ? " IN (" : " NOT IN (") + String.join(", ", values) + ")";
            }
            case 5:
                return "bound(" + v + ")";
            case 6:
                return random.nextBoolean() ? "isLiteral(" + v + ")" : v + " = " + RandomQuads.pick(random, VARS);
            case 7:
                return "STR(" + v + ") = \"a\"";
            case 8:
                return constant(random) + " = " + v;
            case 9:
                return "(" + condition(random, depth + 1) + " && " + condition(random, depth + 1) + ")";
            case 10:
                return "(" + condition(random, depth + 1) + " || " + condition(random, depth + 1) + ")";
            default:
                return "!" + condition(random, depth + 1);
        }
    }

    /**
     * A random group pattern with one or two FILTERs, and now and then a BIND value the store does not hold: the
     * query, and the same without its filters.
     */
    private static String[] randomFilterQuery(Random random) {
        String where = RandomQuads.randomWhere(random);
        String filters = " FILTER(" + condition(random, 0) + ")";
        if (random.nextInt(3) == 0) {
            filters += " FILTER(" + condition(random, 0) + ")";
        }
        if (random.nextInt(5) == 0) {
            where = "{ " + where + " BIND(IRI(CONCAT(STR(?a), \"x\")) AS ?z) }";
        }
        return new String[] {"SELECT * { " + where + filters + " }", "SELECT * { " + where + " }"};
    }

    @Test
    void randomFiltersGiveArqsAnswersOverAnInMemoryCopy() {
        Map<String, String> unfiltered = new HashMap<>();
        List<RandomQuads.Checked> checked = RandomQuads.assertSameAsArq(stores, 120, 250, random -> {
            String[] queries = randomFilterQuery(random);
            unfiltered.put(queries[0], queries[1]);
            return queries[0];
        });
        assertFiltersMeanSomething(checked, unfiltered, 80, 400, 30);
    }

    /**
     * That a differential run means something: at least {@code kept} queries have answers, in at least
     * {@code dropped} a filter dropped a row, and in at least {@code partly} it kept some rows and dropped others
     * ({@code unfiltered} gives each query without its filters).
     */
    private static void assertFiltersMeanSomething(List<RandomQuads.Checked> checked, Map<String, String> unfiltered,
                                                   long kept, long dropped, long partly) {
        long answered = RandomQuads.nonEmpty(checked);
        long droppedSome = 0;
        long keptSome = 0;
        for (RandomQuads.Checked c : checked) {
            int all = RandomQuads.solutions(c.control(), unfiltered.get(c.query())).size();
            droppedSome += c.expected().size() < all ? 1 : 0;
            keptSome += !c.expected().isEmpty() && c.expected().size() < all ? 1 : 0;
        }
        assertTrue(answered > kept, "too few queries with answers to mean anything: " + answered);
        assertTrue(droppedSome > dropped, "too few queries where a filter dropped a row: " + droppedSome);
        assertTrue(keptSome > partly, "too few queries where a filter kept some rows and dropped others: "
            + keptSome);
    }

    /** SPARQL's three-valued logic: an unbound variable is an error, absorbed by a false conjunct or true disjunct. */
    @Test
    void anErrorIsAbsorbedByAFalseConjunctOrATrueDisjunctAndOtherwiseDropsTheRow() {
        DatasetGraph[] datasets = RandomQuads.datasets(stores, new Random(9), 80);
        String[] filters = {
            "!(?unused = ex:s0 && ?a = ex:never-stored)", "!(?a = ex:never-stored && ?unused = ex:s0)",
            "!(?unused = ex:s0 && ?a != ex:never-stored)", "?unused = ex:s0 || ?a != ex:never-stored",
            "!(?unused = ex:s0 || ?a = ex:never-stored)", "!(?unused = ex:s0 || ?a != ex:never-stored)",
            "!(sameTerm(?unused, ?a) && !bound(?a))", "!(?unused IN (ex:s0) || ?a NOT IN (ex:s1, <_:b0>))",
        };
        for (String filter : filters) {
            String query = "SELECT * { ?a ?q ?b FILTER(" + filter + ") }";
            List<String> expected = RandomQuads.solutions(datasets[1], query);
            assertEquals(expected, RandomQuads.solutions(datasets[0], query), query);
            assertTrue(RandomQuads.plan(datasets[0], query).contains("IdFilter"), query);
        }
    }

    @Test
    void conditionsOnIdsRunAsAnIdFilterAndTheRestAsArqsFilterAboveIt() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(3), 60)[0];
        String plan = RandomQuads.plan(dsg,
            "SELECT * { ?a ?q ?b FILTER(?b != ex:s1 && sameTerm(?q, ex:p0) && isLiteral(?a)) }");
        assertTrue(plan.contains("IdFilter"), plan);
        assertTrue(plan.contains("isLiteral"), plan);
        String literal = RandomQuads.plan(dsg, "SELECT * { ?a ?q ?b FILTER(?b = \"a\") }");
        assertFalse(literal.contains("IdFilter"), "= on a literal is value equality, ARQ's: " + literal);
    }

    /**
     * A language tag in another case is the same term to ARQ's sameTerm; the store keeps tags in lower case, so it
     * is the same atom, found on ids whichever case the data and the constant were written in.
     */
    @Test
    void sameTermWithALanguageTagInAnotherCaseIsDecidedOnIds() throws IOException {
        Path directory = stores.directory();
        try (QuadStore quads = QuadStore.open(directory)) {
            WriteTxn txn = quads.beginWrite();
            txn.add(DefaultGraph.INSTANCE, new Iri(RandomQuads.EX + "s"), new Iri(RandomQuads.EX + "p"),
                Literal.lang("a", "EN-gb"));
            txn.add(DefaultGraph.INSTANCE, new Iri(RandomQuads.EX + "t"), new Iri(RandomQuads.EX + "p"),
                Literal.lang("a", "en"));
            txn.commit();
        }
        DatasetGraph store = stores.connect(directory);
        // The negation keeps ARQ's optimizer from putting the constant into the pattern.
        String query = "SELECT ?s { ?s ex:p ?x FILTER(!(!sameTerm(?x, \"a\"@en-GB))) }";
        assertEquals(List.of("{s=" + RandomQuads.EX + "s}"), RandomQuads.solutions(store, query));
        String plan = RandomQuads.plan(store, query);
        assertTrue(plan.contains("IdFilter"), plan);
    }

    // ------------------------------------------------------------------------------------ numeric comparisons

    private static final String XSD = XSDDatatype.XSD + "#";

    private static Node integer(String lexical) {
        return NodeFactory.createLiteralDT(lexical, XSDDatatype.XSDinteger);
    }

    private static Node typed(String lexical, RDFDatatype datatype) {
        return NodeFactory.createLiteralDT(lexical, datatype);
    }

    /**
     * Values at the edges of the fast path: integers written as ARQ accepts them (leading zeros, a plus sign, minus
     * zero), at and beyond {@code long}'s range (and its two values the fast path leaves to ARQ), ill-typed and
     * whitespace forms, integer subtypes inside and outside their ranges, and numbers and terms of other kinds.
     */
    private static final Node[] NUMERIC_EDGES = {
        integer("007"), integer("+5"), integer("-0"), integer("120"), integer("-120"),
        integer("9223372036854775807"), integer("-9223372036854775808"), integer("-9223372036854775807"),
        integer("9223372036854775808"), integer("-9223372036854775809"), integer("123456789012345678901234567890"),
        integer("x"), integer(""), integer(" 5"), integer("5 "), integer("1.0"), integer("\u0665"),
        typed("5", XSDDatatype.XSDint), typed("-7", XSDDatatype.XSDlong),
        typed("9223372036854775807", XSDDatatype.XSDlong), typed("100", XSDDatatype.XSDbyte),
        typed("300", XSDDatatype.XSDbyte), typed("-1", XSDDatatype.XSDunsignedInt),
        typed("+7", XSDDatatype.XSDunsignedByte), typed("0", XSDDatatype.XSDpositiveInteger),
        typed("-3", XSDDatatype.XSDnegativeInteger), typed("4294967295", XSDDatatype.XSDunsignedInt),
        typed("18446744073709551615", XSDDatatype.XSDunsignedLong), typed("5.0", XSDDatatype.XSDdecimal),
        typed("5", XSDDatatype.XSDdecimal), typed("5e0", XSDDatatype.XSDdouble), typed("5", XSDDatatype.XSDfloat),
        typed("true", XSDDatatype.XSDboolean), NodeFactory.createLiteralString("5"),
        NodeFactory.createLiteralLang("5", "en"), typed("5", NodeFactory.getType(RandomQuads.EX + "unknownType")),
        RandomQuads.iri("s0"),
    };

    private static final RDFDatatype[] SMALL_INTEGER_TYPES = {
        XSDDatatype.XSDint, XSDDatatype.XSDlong, XSDDatatype.XSDshort, XSDDatatype.XSDbyte,
    };

    /** A value of the numeric data: mostly small integers (so comparisons tie), written in several ways. */
    private static Node randomNumber(Random random) {
        if (random.nextInt(3) == 0) {
            return RandomQuads.pick(random, NUMERIC_EDGES);
        }
        int value = random.nextInt(41) - 20;
        String digits = (random.nextInt(4) == 0 ? "00" : "") + Math.abs(value);
        String sign = value < 0 ? "-" : random.nextInt(4) == 0 ? "+" : "";
        RDFDatatype type = random.nextInt(4) == 0 ? RandomQuads.pick(random, SMALL_INTEGER_TYPES)
            : XSDDatatype.XSDinteger;
        return typed(sign + digits, type);
    }

    /** Random numeric values of ex:p0, ex:p1 and ex:p2 on a few subjects, in a store and in memory. */
    private DatasetGraph[] numericDatasets(Random random) {
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            quads.add(Quad.create(Quad.defaultGraphIRI, RandomQuads.iri("s" + random.nextInt(8)),
                RandomQuads.iri("p" + random.nextInt(3)), randomNumber(random)));
        }
        return RandomQuads.datasets(stores, quads);
    }

    private static final String[] COMPARISONS = {" < ", " <= ", " > ", " >= ", " = ", " != "};
    /** ?x and ?y from the pattern, ?z from an OPTIONAL (maybe unbound), ?w from a VALUES (maybe not stored). */
    private static final String[] NUMERIC_VARS = {"?x", "?x", "?y", "?y", "?z", "?w"};
    /** Small integers, integers at long's edges and beyond, and constants that are not integers. */
    private static final String[] NUMERIC_CONSTANTS = {
        "9223372036854775807", "-9223372036854775808", "-9223372036854775807", "9223372036854775808",
        "\"7\"^^<" + XSD + "int>", "2.5", "\"5\"",
    };

    private static String numericConstant(Random random) {
        return random.nextInt(3) == 0 ? RandomQuads.pick(random, NUMERIC_CONSTANTS)
            : Integer.toString(random.nextInt(51) - 25);
    }

    /** A variable, a constant, or a sum or difference of such operands. */
    private static String operand(Random random, int depth) {
        switch (random.nextInt(depth > 1 ? 3 : 5)) {
            case 0:
                return numericConstant(random);
            case 3:
                return "(" + operand(random, depth + 1) + " + " + operand(random, depth + 1) + ")";
            case 4:
                return "(" + operand(random, depth + 1) + " - " + operand(random, depth + 1) + ")";
            default:
                return RandomQuads.pick(random, NUMERIC_VARS);
        }
    }

    /** A comparison of operands, or BSBM Q5's window, nested in &&, || and !. */
    private static String numericCondition(Random random, int depth) {
        int kind = random.nextInt(depth > 1 ? 6 : 9);
        switch (kind) {
            case 0: {
                String width = numericConstant(random);
                return "(?y < (?x + " + width + ") && ?y > (?x - " + width + "))";
            }
            case 6:
                return "(" + numericCondition(random, depth + 1) + " && " + numericCondition(random, depth + 1) + ")";
            case 7:
                return "(" + numericCondition(random, depth + 1) + " || " + numericCondition(random, depth + 1) + ")";
            case 8:
                return "!" + numericCondition(random, depth + 1);
            default:
                return operand(random, 0) + RandomQuads.pick(random, COMPARISONS) + operand(random, 0);
        }
    }

    /** A random numeric FILTER over ?x and ?y, with ?z optional or ?w from VALUES: the query, and it unfiltered. */
    private static String[] randomNumericQuery(Random random) {
        String where = "?a ex:p0 ?x . ?b ex:p1 ?y .";
        int variant = random.nextInt(4);
        if (variant == 0) {
            where += " OPTIONAL { ?b ex:p2 ?z }";
        } else if (variant == 1) {
            where = "VALUES ?w { 5 007 \"-3\"^^<" + XSD + "int> 99999999999999999999 \"a\" ex:s0 } " + where;
        }
        return new String[] {"SELECT * { " + where + " FILTER(" + numericCondition(random, 0) + ") }",
            "SELECT * { " + where + " }"};
    }

    @Test
    void randomNumericComparisonsGiveArqsAnswersOverAnInMemoryCopy() {
        Map<String, String> unfiltered = new HashMap<>();
        DatasetGraph[] store = new DatasetGraph[1];
        List<RandomQuads.Checked> checked = RandomQuads.assertSameAsArq(random -> {
            DatasetGraph[] datasets = numericDatasets(random);
            store[0] = datasets[0];
            return datasets;
        }, 100, random -> {
            String[] queries = randomNumericQuery(random);
            unfiltered.put(queries[0], queries[1]);
            return queries[0];
        });
        assertFiltersMeanSomething(checked, unfiltered, 120, 250, 100);
        // Whether a filter compiles to ids depends on its shape, not on the data: any seed's store tells.
        long onIds = checked.stream().filter(c -> RandomQuads.plan(store[0], c.query()).contains("IdFilter")).count();
        assertTrue(onIds > 200, "too few filters decided on ids: " + onIds);
    }

    /** Lexical forms of integers in every way, at and beyond the edges of long, and a few that are no integers. */
    private static List<String> lexicalForms(Random random) {
        List<String> forms = new ArrayList<>(List.of("0", "-0", "+0", "007", "+5", "-5", "127", "128", "-128",
            "-129", "255", "256", "32767", "32768", "65535", "65536", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
            "-9223372036854775807", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
            "000000000000000000000000000012", "", "+", "-", "+-1", "1+", " 5", "5 ", "\t5", "5\n", "1.0", "1e3",
            "\u0665", "x", "0x1F", "1_000"));
        String alphabet = "0123456789+- .x";
        for (int i = 0; i < 3000; i++) {
            StringBuilder form = new StringBuilder(random.nextInt(3) == 0 ? "" : random.nextBoolean() ? "-" : "+");
            for (int n = random.nextInt(22); n > 0; n--) {
                form.append(random.nextInt(30) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                    : (char) ('0' + random.nextInt(10)));
            }
            forms.add(form.toString());
        }
        return forms;
    }

    /** The integer types ARQ reads as integers, and datatypes that look like them but are not integers. */
    private static final RDFDatatype[] LEXICAL_DATATYPES = {
        XSDDatatype.XSDinteger, XSDDatatype.XSDlong, XSDDatatype.XSDint, XSDDatatype.XSDshort, XSDDatatype.XSDbyte,
        XSDDatatype.XSDnonNegativeInteger, XSDDatatype.XSDpositiveInteger, XSDDatatype.XSDnonPositiveInteger,
        XSDDatatype.XSDnegativeInteger, XSDDatatype.XSDunsignedLong, XSDDatatype.XSDunsignedInt,
        XSDDatatype.XSDunsignedShort, XSDDatatype.XSDunsignedByte, XSDDatatype.XSDdecimal, XSDDatatype.XSDdouble,
        XSDDatatype.XSDfloat, XSDDatatype.XSDstring, NodeFactory.getType(RandomQuads.EX + "unknownType"),
    };

    /** ARQ's own value of a literal: what a filter on it compares. */
    private static NodeValue arqValue(String lexical, RDFDatatype datatype) {
        boolean warnings = NodeValue.VerboseWarnings;
        NodeValue.VerboseWarnings = false; // thousands of ill-typed literals
        try {
            return NodeValue.makeNode(NodeFactory.createLiteralDT(lexical, datatype));
        } finally {
            NodeValue.VerboseWarnings = warnings;
        }
    }

    @Test
    void anIntegerTheFastPathReadsHasArqsValue() {
        int fast = 0;
        for (RDFDatatype datatype : LEXICAL_DATATYPES) {
            for (String lexical : lexicalForms(new Random(5))) {
                long value = IdNumericCompare.integerValue(lexical, datatype.getURI());
                if (value != IdNumericCompare.NOT_INTEGER) {
                    fast++;
                    NodeValue arq = arqValue(lexical, datatype);
                    String literal = "\"" + lexical + "\"^^" + datatype.getURI();
                    assertTrue(arq.isInteger(), literal + " is no integer to ARQ");
                    assertEquals(BigInteger.valueOf(value), arq.getInteger(), literal);
                }
            }
        }
        assertTrue(fast > 10_000, "too few integers on the fast path to mean anything: " + fast);
    }

    /**
     * The fast path leaves to ARQ only what it must: values beyond long (and long's two lowest, its sentinels) and
     * lexical forms with whitespace, which ARQ trims. Every other integer of ARQ's takes it.
     */
    @Test
    void everyIntegerOfArqsWithinLongAndWithoutWhitespaceTakesTheFastPath() {
        for (RDFDatatype datatype : LEXICAL_DATATYPES) {
            for (String lexical : lexicalForms(new Random(6))) {
                NodeValue arq = arqValue(lexical, datatype);
                boolean expected = arq.isInteger() && arq.getInteger().bitLength() < Long.SIZE
                    && arq.getInteger().longValue() > Long.MIN_VALUE + 1 && lexical.chars().allMatch(c -> c > ' ');
                long value = IdNumericCompare.integerValue(lexical, datatype.getURI());
                assertEquals(expected, value != IdNumericCompare.NOT_INTEGER,
                    "\"" + lexical + "\"^^" + datatype.getURI());
            }
        }
    }

    /**
     * BSBM Q5's window is decided on the stored terms of the row's ids, never on ARQ's nodes: rows whose nodes
     * (handed in already decoded) say otherwise than their ids get the ids' answer.
     */
    @Test
    void bsbmQ5sWindowIsDecidedOnTheStoredIntegersNotOnArqsNodes() {
        DatasetGraph dsg = stores.fresh();
        Node five = integer("5");
        Node seven = integer("7");
        Node far = integer("700");
        Txn.executeWrite(dsg, () -> {
            for (Node value : new Node[] {five, seven, far}) {
                dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("s0"), RandomQuads.iri("p0"), value);
            }
        });
        Expr window = ExprUtils.parse("?sim < (?orig + 120) && ?sim > (?orig - 120)");
        Var[] vars = {Var.alloc("orig"), Var.alloc("sim")};
        Txn.executeRead(dsg, () -> {
            StoreDatasetGraph store = (StoreDatasetGraph) dsg;
            TxnIds scope = new TxnIds(store, store.currentTxn());
            IdFilter.Condition condition = IdFilter.compile(window, scope, ExecutionContext.create(dsg));
            assertNotNull(condition, "the window is not decided on ids");
            long[] ids = {store.idOf(store.currentTxn(), five, false), store.idOf(store.currentTxn(), seven, false),
                store.idOf(store.currentTxn(), far, false)};
            Binding near = IdBinding.decoded(BindingFactory.empty(), scope, vars, new long[] {ids[0], ids[1]},
                new Node[] {five, far});
            Binding distant = IdBinding.decoded(BindingFactory.empty(), scope, vars, new long[] {ids[0], ids[2]},
                new Node[] {five, seven});
            assertEquals(IdFilter.TRUE, condition.eval(near), "7 is within 120 of 5");
            assertEquals(IdFilter.FALSE, condition.eval(distant), "700 is not within 120 of 5");
        });
    }

    /** The same quads in a store and in memory: one subject's ex:p0 values. */
    private DatasetGraph[] valuesOfP0(Node... values) {
        List<Quad> quads = new ArrayList<>();
        for (Node value : values) {
            quads.add(Quad.create(Quad.defaultGraphIRI, RandomQuads.iri("s0"), RandomQuads.iri("p0"), value));
        }
        return RandomQuads.datasets(stores, quads);
    }

    /** The ?x values of ex:p0 that pass {@code filter} in the store, asserted to be ARQ's over the in-memory copy. */
    private static List<String> passing(DatasetGraph[] datasets, String filter) {
        String query = "SELECT ?x { ?s ex:p0 ?x FILTER(" + filter + ") }";
        List<String> expected = RandomQuads.solutions(datasets[1], query);
        assertEquals(expected, RandomQuads.solutions(datasets[0], query), query);
        return expected;
    }

    private static String x(Node value) {
        return "{x=" + value + "}";
    }

    /**
     * ARQ adds integers beyond long: where a long would overflow (and wrap round), the row is ARQ's, and every
     * value here passes each filter.
     */
    @Test
    void anArithmeticOverflowIsArqsExactArithmetic() {
        Node max = integer("9223372036854775807");
        Node min = integer("-9223372036854775807");
        Node zero = integer("0");
        DatasetGraph[] datasets = valuesOfP0(max, min, zero);
        for (String filter : new String[] {"?x + 1 > ?x", "?x - 2 < ?x", "(?x + ?x) - ?x = ?x"}) {
            assertEquals(List.of(x(min), x(zero), x(max)), passing(datasets, filter));
        }
    }

    /**
     * An ill-typed integer is an error to a comparison, as in ARQ: the row is dropped, also under {@code !}, and an
     * error is absorbed by a true disjunct.
     */
    @Test
    void anIllTypedIntegerIsAnErrorAsInArq() {
        Node five = integer("5");
        Node twenty = integer("20");
        Node illTyped = integer("x");
        DatasetGraph[] datasets = valuesOfP0(five, twenty, illTyped);
        assertEquals(List.of(x(five)), passing(datasets, "?x < 10"));
        assertEquals(List.of(x(twenty)), passing(datasets, "!(?x < 10)"));
        assertEquals(List.of(x(twenty), x(five), x(illTyped)), passing(datasets, "?x < 10 || bound(?x)"));
    }

    @Test
    void integerComparisonsOfVariablesAndTheirSumsRunAsAnIdFilter() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(3), 60)[0];
        for (String filter : new String[] {"?b < 5", "?b >= (?a - 3)", "(10 + ?b) != ?a", "?a <= ?b",
            "(?a + (?b - 2)) <= -7"}) {
            String plan = RandomQuads.plan(dsg, "SELECT * { ?a ?q ?b FILTER(" + filter + ") }");
            assertTrue(plan.contains("IdFilter"), filter + ": " + plan);
        }
    }

    @Test
    void aComparisonWithAnythingButIntegersWithinLongStaysArqs() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(3), 60)[0];
        for (String filter : new String[] {"?b < 2.5", "?b < \"5\"", "?b < 99999999999999999999", "?b < (?a * 2)",
            "STRLEN(?b) < 3", "?b < -?a"}) {
            String plan = RandomQuads.plan(dsg, "SELECT * { ?a ?q ?b FILTER(" + filter + ") }");
            assertFalse(plan.contains("IdFilter"), filter + ": " + plan);
        }
    }
}
