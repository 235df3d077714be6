package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Using Cinnabar from Apache Jena" example, as written there, does what it says. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleLoadsTurtleAndCountsPerSubjectAcrossAReopen() throws IOException {
        Path data = dir.resolve("data.ttl");
        Files.writeString(data, """
            @prefix ex: <http://example.org/> .
            ex:alice ex:knows ex:bob ; ex:name "Alice"@EN .
            ex:bob ex:name "Bob" .
            """);
        Dataset dataset = CinnabarJena.dataset(dir.resolve("store"));
        Txn.executeWrite(dataset, () -> RDFDataMgr.read(dataset, data.toString()));
        dataset.close();

        Dataset reopened = CinnabarJena.dataset(dir.resolve("store"));
        Map<String, Integer> counts = new HashMap<>();
        Txn.executeRead(reopened, () -> {
            try (QueryExecution qe = QueryExecution.dataset(reopened)
                    .query("SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s").build()) {
                ResultSet results = qe.execSelect();
                while (results.hasNext()) {
                    QuerySolution row = results.next();
                    counts.put(row.getResource("s").getURI(), row.getLiteral("n").getInt());
                }
            }
            assertEquals("http://example.org/", reopened.getPrefixMapping().getNsPrefixURI("ex"));
        });
        reopened.close();
        assertEquals(Map.of("http://example.org/alice", 2, "http://example.org/bob", 1), counts);
    }
}
