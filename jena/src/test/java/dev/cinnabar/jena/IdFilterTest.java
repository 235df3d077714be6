package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.jena.sparql.core.DatasetGraph;
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
        long kept = RandomQuads.nonEmpty(checked);
        long dropped = 0;
        long partly = 0;
        for (RandomQuads.Checked c : checked) {
            int all = RandomQuads.solutions(c.control(), unfiltered.get(c.query())).size();
            dropped += c.expected().size() < all ? 1 : 0;
            partly += !c.expected().isEmpty() && c.expected().size() < all ? 1 : 0;
        }
        assertTrue(kept > 80, "too few queries with answers to mean anything: " + kept);
        assertTrue(dropped > 400, "too few queries where a filter dropped a row: " + dropped);
        assertTrue(partly > 30, "too few queries where a filter kept some rows and dropped others: " + partly);
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
}
