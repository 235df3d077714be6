package dev.cinnabar.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermCorpusTest {

    @TempDir
    Path dir;

    private Path gzip(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<String> strings(List<byte[]> terms) {
        List<String> out = new ArrayList<>();
        for (byte[] term : terms) {
            out.add(new String(term, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void distinctTermsInFirstSeenOrder() throws IOException {
        String nt = String.join("\n",
            "<> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Ontology> .",
            "# a comment line",
            "",
            "<http://ex/s> <http://ex/p> \"say \\\"hi\\\" > there\"@en-GB .",
            "<http://ex/s> <http://ex/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
            "_:b1 <http://ex/p> \"plain \\\\\" .",
            "<http://ex/s>\t<http://ex/p>\t_:b2.",
            "<http://ex/s> <http://ex/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .", // duplicate line
            "<http://ex/s> <http://ex/p> \"caf\u00e9\" .\r",
            "<http://ex/s> <http://ex/p> \"5\" . # trailing comment");
        // no newline after the last line
        List<String> terms = strings(TermCorpus.distinctTerms(gzip("small.nt.gz", nt)));
        assertEquals(List.of(
            "<>",
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<http://www.w3.org/2002/07/owl#Ontology>",
            "<http://ex/s>",
            "<http://ex/p>",
            "\"say \\\"hi\\\" > there\"@en-GB",
            "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>",
            "_:b1",
            "\"plain \\\\\"",
            "_:b2",
            "\"caf\u00e9\"",
            "\"5\""), terms);
    }

    @Test
    void streamsEveryOccurrenceAndCountsTriples() throws IOException {
        String nt = "<a> <b> <c> .\n<a> <b> <c> .\n\n<a> <b> \"x\"@en .\n";
        List<String> seen = new ArrayList<>();
        long triples = TermCorpus.forEachTerm(gzip("dups.nt.gz", nt),
            (buf, offset, length) -> seen.add(new String(buf, offset, length, StandardCharsets.UTF_8)));
        assertEquals(3, triples);
        assertEquals(List.of("<a>", "<b>", "<c>", "<a>", "<b>", "<c>", "<a>", "<b>", "\"x\"@en"), seen);
        assertEquals(List.of("<a>", "<b>", "<c>", "\"x\"@en"),
            strings(TermCorpus.distinctTerms(dir.resolve("dups.nt.gz"))));
    }

    @Test
    void linesLongerThanTheReadBuffer() throws IOException {
        String longLiteral = "\"" + "x\\\"".repeat(50_000) + "\"";
        StringBuilder nt = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            nt.append("<http://ex/s").append(i).append("> <http://ex/p> ").append(longLiteral).append(" .\n");
        }
        List<byte[]> terms = TermCorpus.distinctTerms(gzip("long.nt.gz", nt.toString()));
        assertEquals(5, terms.size());
        assertEquals(longLiteral, new String(terms.get(2), StandardCharsets.UTF_8));
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path unterminated = gzip("bad1.nt.gz", "<a> <b> <c> .\n<a> <b> \"open .\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TermCorpus.distinctTerms(unterminated));
        assertTrue(e.getMessage().contains("bad1.nt.gz:2:"), e.getMessage());

        Path noDot = gzip("bad2.nt.gz", "<a> <b> <c>\n");
        assertThrows(IllegalArgumentException.class, () -> TermCorpus.distinctTerms(noDot));

        Path twoObjects = gzip("bad3.nt.gz", "<a> <b> <c> <d> .\n");
        assertThrows(IllegalArgumentException.class, () -> TermCorpus.distinctTerms(twoObjects));
    }
}
