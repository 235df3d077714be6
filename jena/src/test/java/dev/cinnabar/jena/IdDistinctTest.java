package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code SELECT DISTINCT} on atom ids ({@link IdDistinct}) gives ARQ's answers. */
class IdDistinctTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** A random projection of the variables the patterns may bind, with a computed value now and then. */
    private static String randomDistinctQuery(Random random) {
        String[] candidates = {"?a", "?b", "?c", "?q", "?g", "?p", "?z"};
        List<String> projected = new ArrayList<>();
        for (String var : candidates) {
            if (random.nextInt(3) == 0) {
                projected.add(var);
            }
        }
        if (projected.isEmpty()) {
            projected.add("?a");
        }
        String where = RandomQuads.randomWhere(random);
        // ?z: a value the store may not hold (STR of a term), or one it holds (the term itself).
        String bind = random.nextBoolean() ? "BIND(STR(?a) AS ?z)" : "BIND(?b AS ?z)";
        return "SELECT DISTINCT " + String.join(" ", projected) + " { " + where + " " + bind + " }";
    }

    @Test
    void randomDistinctQueriesGiveArqsAnswersOverAnInMemoryCopy() {
        List<RandomQuads.Checked> checked = RandomQuads.assertSameAsArq(stores, 120, 150,
            IdDistinctTest::randomDistinctQuery);
        long duplicatesDropped = checked.stream().filter(c -> RandomQuads.solutions(c.control(),
            c.query().replaceFirst("SELECT DISTINCT", "SELECT")).size() > c.expected().size()).count();
        assertTrue(duplicatesDropped > 100, "too few queries where DISTINCT dropped something: " + duplicatesDropped);
    }

    @Test
    void aTopLevelDistinctReturnsIdBindingsWithoutDecoding() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(7), 60)[0];
        List<Binding> rows = Txn.calculateRead(dsg, () -> {
            List<Binding> out = new ArrayList<>();
            try (QueryExec exec = QueryExec.dataset(dsg)
                    .query(RandomQuads.PREFIXES + "SELECT DISTINCT ?s { ?s ?p ?o }").build()) {
                RowSet results = exec.select();
                results.forEachRemaining(out::add);
            }
            return out;
        });
        assertTrue(rows.size() > 1, "rows: " + rows.size());
        rows.forEach(row -> assertInstanceOf(IdBinding.class, row));
    }
}
