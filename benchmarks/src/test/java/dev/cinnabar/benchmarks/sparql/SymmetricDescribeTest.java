package dev.cinnabar.benchmarks.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.describe.DescribeBNodeClosureFactory;
import org.apache.jena.sparql.core.describe.DescribeHandlerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.jena.SymmetricDescribeHandler;

/**
 * BSBM's Q9 (a DESCRIBE) gives the same triples on ARQ with {@link SymmetricDescribeHandler} (on ids on Cinnabar, through {@code find} on TDB2) as on RDF4J's engine, and
 * without it ARQ gives fewer: the reviewer's triples out with their blank-node closure (3), not those in (4).
 */
class SymmetricDescribeTest {

    private static final String DATA = String.join("\n",
        "<http://ex/review1> <http://purl.org/stuff/rev#reviewer> <http://ex/reviewer1> .",
        "<http://ex/review2> <http://purl.org/stuff/rev#reviewer> <http://ex/reviewer1> .",
        "<http://ex/review3> <http://purl.org/stuff/rev#reviewer> <http://ex/reviewer2> .",
        "_:b1 <http://ex/knows> <http://ex/reviewer1> .",
        "_:b1 <http://ex/name> \"b\" .",
        "_:b3 <http://ex/knows> _:b1 .",
        "<http://ex/reviewer1> <http://xmlns.com/foaf/0.1/name> \"Ann\" .",
        "<http://ex/reviewer1> <http://ex/address> _:b2 .",
        "_:b2 <http://ex/city> \"Berlin\" .",
        "<http://ex/reviewer2> <http://xmlns.com/foaf/0.1/name> \"Bob\" .",
        "");
    private static final Query Q9 = QueryFactory.create(
        "PREFIX rev: <http://purl.org/stuff/rev#> DESCRIBE ?x WHERE { <http://ex/review1> rev:reviewer ?x }");

    @TempDir
    Path temp;

    @AfterEach
    void restoreArqsHandler() {
        DescribeHandlerRegistry.get().clear();
        DescribeHandlerRegistry.get().add(new DescribeBNodeClosureFactory());
    }

    @Test
    void arqWithTheSymmetricHandlerGivesRdf4jsTriples() throws IOException {
        Path data = Files.writeString(temp.resolve("reviews.nt"), DATA);
        // Out: name, address, the address's city; in: review1's, review2's, _:b1's and (closing over the blank
        // subject) _:b3's, not _:b1's name, which goes out of _:b1.
        long expected = 7;

        assertEquals(3, describe("cinnabar", data));
        SymmetricDescribeHandler.install();
        Map<String, Long> triples = new LinkedHashMap<>();
        for (String store : QueryTarget.NAMES) {
            triples.put(store, describe(store, data));
        }

        assertEquals(Map.of("cinnabar", expected, "tdb2", expected, "rdf4j-lmdb", expected, "rdf4j-native",
            expected, "cinnabar-rdf4j", expected), triples);
    }

    private long describe(String store, Path data) throws IOException {
        Path dir = Files.createTempDirectory(temp, store);
        try (QueryTarget target = QueryTarget.load(store, dir, List.of(data))) {
            return target.count(Q9);
        }
    }
}
