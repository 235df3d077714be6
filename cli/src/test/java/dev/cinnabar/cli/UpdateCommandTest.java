package dev.cinnabar.cli;

import static dev.cinnabar.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.cli.CliTest.Run;

/** {@code cinnabar update}: one write transaction, committed whole or not at all. */
class UpdateCommandTest {

    @TempDir
    Path dir;

    private String export(Path store) {
        Run export = run("export", "--store", store.toString());
        assertEquals(0, export.code(), export::toString);
        return export.out();
    }

    @Test
    void anUpdateIsSeenByTheNextCommand() {
        Path store = dir.resolve("store");
        Run insert = run("update", "--store", store.toString(), "PREFIX ex: <http://example.org/>\n"
            + "INSERT DATA { ex:a ex:p \"one\" . GRAPH ex:g { ex:a ex:p \"two\" , \"three\" } }");
        assertEquals(0, insert.code(), insert::toString);
        assertEquals("cinnabar update: 0 quads before, 3 after (+3)\n", insert.err());

        Run change = run("update", "--store", store.toString(), "PREFIX ex: <http://example.org/>\n"
            + "DELETE { GRAPH ex:g { ?s ?p \"two\" } } INSERT { ?s ?p \"four\" }\n"
            + "WHERE { GRAPH ex:g { ?s ?p \"two\" } }");
        assertEquals(0, change.code(), change::toString);
        assertTrue(change.err().contains("3 quads before, 3 after"), change::toString);

        Run select = run("sparql", "--store", store.toString(), "--format", "csv",
            "SELECT ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o");
        assertEquals(0, select.code(), select::toString);
        assertEquals(List.of("o", "four", "one", "three"), select.out().lines().toList());
    }

    @Test
    void aFailingUpdateChangesNothing() {
        Path store = dir.resolve("store");
        assertEquals(0, run("update", "--store", store.toString(),
            "INSERT DATA { <http://example.org/a> <http://example.org/p> \"kept\" }").code());
        String before = export(store);
        // The first operation succeeds, the second fails: the request is one transaction, so neither stays.
        Run failing = run("update", "--store", store.toString(),
            "DELETE DATA { <http://example.org/a> <http://example.org/p> \"kept\" } ;\n"
                + "INSERT DATA { <http://example.org/b> <http://example.org/p> \"new\" } ;\n"
                + "LOAD <" + dir.resolve("absent.ttl").toUri() + ">");
        assertEquals(1, failing.code(), failing::toString);
        assertTrue(failing.err().contains("nothing was changed") && failing.err().contains("absent.ttl"),
            failing::toString);
        assertEquals(before, export(store));
    }

    @Test
    void anUpdateFromAFileAndItsSyntaxErrors() throws IOException {
        Path store = dir.resolve("store");
        Path update = Files.writeString(dir.resolve("insert.ru"),
            "BASE <http://example.org/>\nINSERT DATA {\n  <a> <p> <b> .\n}\n");
        Run fromFile = run("update", "--store", store.toString(), "--file", update.toString());
        assertEquals(0, fromFile.code(), fromFile::toString);
        assertEquals("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n", export(store));

        Path bad = Files.writeString(dir.resolve("bad.ru"), "INSERT DATA {\n  <a> <p> .\n}\n");
        Run syntax = run("update", "--store", store.toString(), "--file", bad.toString());
        assertEquals(1, syntax.code(), syntax::toString);
        assertTrue(syntax.err().contains(bad + ":2:"), syntax::toString);
    }
}
