package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OPTIONAL of a basic graph pattern on ids ({@link IdOptional}) gives ARQ's answers. */
class IdOptionalTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** A random pattern for the right side of an OPTIONAL, with a filter now and then. */
    private static String optional(Random random) {
        String bgp = RandomQuads.randomBgp(random);
        String filter = random.nextInt(3) == 0 ? " FILTER(" + IdFilterTest.condition(random, 0) + ")" : "";
        return " OPTIONAL { " + bgp + filter + " }";
    }

    /** A random left side (any group pattern of {@link RandomQuads#randomWhere}) with one or two OPTIONALs. */
    private static String randomOptionalQuery(Random random) {
        String left = RandomQuads.randomWhere(random);
        String optionals = optional(random) + (random.nextInt(3) == 0 ? optional(random) : "");
        if (random.nextInt(4) == 0) {
            return "SELECT * { GRAPH ex:g1 { " + RandomQuads.randomBgp(random) + optionals + " } }";
        }
        return "SELECT * { " + left + optionals + " }";
    }

    @Test
    void randomOptionalsGiveArqsAnswersOverAnInMemoryCopy() {
        List<RandomQuads.Checked> checked = RandomQuads.assertSameAsArq(stores, 120, 200,
            IdOptionalTest::randomOptionalQuery);
        long nonEmpty = RandomQuads.nonEmpty(checked);
        // Rows where the optional part matched nothing: some variable of the right side is left unbound.
        long someUnextended = checked.stream().filter(c -> c.expected().stream()
            .anyMatch(row -> !row.contains("c=") && c.query().contains("?c"))).count();
        assertTrue(nonEmpty > 300, "too few queries with answers to mean anything: " + nonEmpty);
        assertTrue(someUnextended > 50, "too few queries with unextended rows: " + someUnextended);
    }

    /** Without the optimizer OPTIONAL stays a left join with its filter as the join's expressions. */
    @Test
    void randomLeftJoinsWithExpressionsGiveArqsAnswers() {
        long nonEmpty = 0;
        long filtered = 0;
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            DatasetGraph[] datasets = RandomQuads.datasets(stores, random, 120);
            for (int q = 0; q < 100; q++) {
                String condition = IdFilterTest.condition(random, 0);
                String query = "SELECT * { " + RandomQuads.randomBgp(random) + " OPTIONAL { "
                    + RandomQuads.randomBgp(random) + " FILTER(" + condition + ") } }";
                List<String> expected = RandomQuads.unoptimizedSolutions(datasets[1], query);
                assertEquals(expected, RandomQuads.unoptimizedSolutions(datasets[0], query), query);
                nonEmpty += expected.isEmpty() ? 0 : 1;
                filtered += expected.equals(RandomQuads.unoptimizedSolutions(datasets[1],
                    query.replace("FILTER(" + condition + ")", ""))) ? 0 : 1;
            }
        }
        assertTrue(nonEmpty > 150, "too few queries with answers to mean anything: " + nonEmpty);
        assertTrue(filtered > 25, "too few queries where the expressions made a difference: " + filtered);
    }

    @Test
    void moreLeftRowsThanABatchEachGetTheirExtensionsOrThemselves() {
        DatasetGraph dsg = stores.fresh();
        int subjects = IdOptional.BATCH_ROWS * 2 + 7;
        Txn.executeWrite(dsg, () -> {
            for (int i = 0; i < subjects; i++) {
                dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("s" + i), RandomQuads.iri("p0"), RandomQuads.iri("o"));
                if (i % 3 == 0) {
                    dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("s" + i), RandomQuads.iri("p1"),
                        RandomQuads.iri("x" + i));
                    dsg.add(Quad.defaultGraphIRI, RandomQuads.iri("s" + i), RandomQuads.iri("p1"),
                        RandomQuads.iri("y" + i));
                }
            }
        });
        List<String> rows = RandomQuads.solutions(dsg, "SELECT * { ?s ex:p0 ex:o OPTIONAL { ?s ex:p1 ?x } }");
        long extended = (subjects + 2) / 3;
        assertEquals(subjects - extended + 2 * extended, rows.size());
        assertEquals(subjects - extended, rows.stream().filter(row -> !row.contains("x=")).count());
    }

    @Test
    void anOptionalPatternRunsOnIds() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(3), 60)[0];
        String plan = RandomQuads.plan(dsg, "SELECT * { ?a ex:p0 ?b OPTIONAL { ?b ex:p1 ?c FILTER(?c != ex:s1) } }");
        assertTrue(plan.contains("IdOptional"), plan);
        // As compiled, and not optimized when run: a leftjoin with its expression, not the optimizer's conditional.
        ARQ.enableOptimizer(dsg.getContext(), false);
        Op op = Algebra.compile(QueryFactory.create(RandomQuads.PREFIXES
            + "SELECT * { ?a ex:p0 ?b OPTIONAL { ?b ex:p1 ?c FILTER(?a != ex:s1) } }"));
        assertTrue(op.toString().contains("leftjoin"), op.toString());
        String leftJoin = RandomQuads.plan(dsg, op);
        assertTrue(leftJoin.contains("IdOptional"), leftJoin);
    }
}
