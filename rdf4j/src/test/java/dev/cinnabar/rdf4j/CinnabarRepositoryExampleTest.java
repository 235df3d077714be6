package dev.cinnabar.rdf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.TupleQueryResult;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, run as written there. */
class CinnabarRepositoryExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeExample() throws Exception {
        String turtle = """
            @prefix ex: <http://example.org/> .
            ex:alice ex:knows ex:bob , ex:carol .
            ex:bob ex:knows ex:carol .
            """;
        List<String> rows = new ArrayList<>();

        // --- README example starts here
        CinnabarRepository repository = new CinnabarRepository(dir.resolve("store"));  // created if absent
        repository.init();
        try (RepositoryConnection con = repository.getConnection()) {
            IRI people = con.getValueFactory().createIRI("http://example.org/people");
            con.begin();                                           // one store commit at commit()
            con.add(new StringReader(turtle), RDFFormat.TURTLE, people);  // any Rio format, into a named graph
            con.commit();
            try (TupleQueryResult result = con.prepareTupleQuery("""
                    PREFIX ex: <http://example.org/>
                    SELECT ?who (COUNT(?friend) AS ?n) { GRAPH ?g { ?who ex:knows ?friend } }
                    GROUP BY ?who ORDER BY DESC(?n)""").evaluate()) {
                for (BindingSet row : result) {
                    rows.add(row.getValue("who").stringValue() + " " + row.getValue("n").stringValue());
                }
            }
            assertEquals("http://example.org/", con.getNamespace("ex"));  // Turtle prefixes are kept
        }
        repository.shutDown();                                     // closes the store
        // --- README example ends here

        assertEquals(List.of("http://example.org/alice 2", "http://example.org/bob 1"), rows);
    }
}
