package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A UNION of basic graph patterns evaluated a batch of input rows at a time ({@link BatchedUnion}). */
class BatchedUnionTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** Two to four random BGPs in a union: alone, after a join that binds ?a and ?b, or inside a graph. */
    private static String randomUnionQuery(Random random) {
        int branches = 2 + random.nextInt(3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < branches; i++) {
            parts.add("{ " + RandomQuads.randomBgp(random) + " }");
        }
        String union = String.join(" UNION ", parts);
        switch (random.nextInt(4)) {
            case 0:
                return "SELECT * { " + union + " }";
            case 1:
                return "SELECT * { ?a ex:p0 ?b . " + union + " }";
            case 2:
                return "SELECT * { GRAPH ?g { ?a ?p ?b . " + union + " } }";
            default:
                return "SELECT * { VALUES ?a { ex:s0 ex:s1 <_:b0> ex:never-stored } " + union + " }";
        }
    }

    @Test
    void randomUnionsGiveArqsAnswersOverAnInMemoryCopy() {
        long nonEmpty = RandomQuads.nonEmpty(RandomQuads.assertSameAsArq(stores, 120, 100,
            BatchedUnionTest::randomUnionQuery));
        assertTrue(nonEmpty > 150, "too few queries with answers to mean anything: " + nonEmpty);
    }

    @Test
    void moreInputRowsThanABatchGiveEveryBranchForEveryRow() {
        DatasetGraph dsg = stores.fresh();
        int subjects = BatchedUnion.BATCH_ROWS * 2 + 7;
        Txn.executeWrite(dsg, () -> {
            for (int i = 0; i < subjects; i++) {
                dsg.add(org.apache.jena.sparql.core.Quad.defaultGraphIRI, RandomQuads.iri("s" + i),
                    RandomQuads.iri("p0"), RandomQuads.iri("o"));
                dsg.add(org.apache.jena.sparql.core.Quad.defaultGraphIRI, RandomQuads.iri("s" + i),
                    RandomQuads.iri(i % 2 == 0 ? "even" : "odd"), RandomQuads.iri("o"));
            }
        });
        String query = "SELECT * { ?s ex:p0 ex:o . { ?s ex:even ?x } UNION { ?s ex:odd ?x } UNION { ?s ex:p0 ?x } }";
        assertEquals(subjects * 2, RandomQuads.solutions(dsg, query).size());
    }

    @Test
    void aUnionOfPatternsAfterAJoinRunsBatched() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(3), 40)[0];
        String plan = RandomQuads.plan(dsg, "SELECT * { ?a ex:p0 ?b . { ?a ex:p1 ?c } UNION { ?a ex:p2 ?c } }");
        assertTrue(plan.contains("BatchedUnion"), plan);
    }
}
