package dev.cinnabar.torture.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.QuadStoreStats;
import dev.cinnabar.quadstore.io.NQuadsParser;
import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.quadstore.io.SyntaxErrorHandler;

/**
 * Huge lines and huge terms hit the configured limits: a clear error naming file, line, column and the limit in
 * strict mode, a skipped and reported line in skip mode, and a strict bulk load that leaves the store unchanged.
 */
class HugeInputTest {

    private static final String GOOD = "<http://example.org/s> <http://example.org/p> \"ok\" .\n";

    @TempDir
    Path dir;

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code length} bytes of 'a', produced as read, never held whole. */
    private static InputStream run(long length) {
        return new InputStream() {
            long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
    }

    private static long parse(NQuadsParser parser, InputStream in, SyntaxErrorHandler errors) throws IOException {
        return parser.parse(in, "huge.nt", (s, p, o, g) -> { }, errors);
    }

    @Test
    void aLineOverTheLineLimitIsAStrictErrorNamingFileLineAndLimit() {
        String line = "<http://example.org/s> <http://example.org/p> \"" + "x".repeat(5000) + "\" .\n";
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class,
            () -> parse(new NQuadsParser(false, 4096), text(GOOD + line), SyntaxErrorHandler.STRICT));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("huge.nt:2:") && e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void aLineOverTheLineLimitIsSkippedAndReportedAndTheNextLineIsRead() throws IOException {
        List<RdfSyntaxException> reported = new ArrayList<>();
        NQuadsParser parser = new NQuadsParser(false, 4096);
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(text(GOOD), run(100_000),
            text("\n" + GOOD))));
        assertEquals(2, parse(parser, in, reported::add));
        assertEquals(1, parser.skippedLines());
        assertEquals(2, reported.get(0).line());
        assertTrue(reported.get(0).getMessage().contains("limit of 4096 bytes"), reported.get(0).getMessage());
    }

    @Test
    void skippingAHugeLineHoldsNoMoreThanTheLineLimitInMemory() throws IOException {
        NQuadsParser parser = new NQuadsParser(false, 1 << 16);
        long before = ParserFuzz.allocatedBytes();
        InputStream in = new SequenceInputStream(run(64L << 20), text("\n" + GOOD));
        assertEquals(1, parse(parser, in, SyntaxErrorHandler.SKIP)); // a 64 MiB line, skipped
        long allocated = ParserFuzz.allocatedBytes() - before;
        assertTrue(allocated < 4 << 20, allocated + " bytes allocated to skip a 64 MiB line");
    }

    @Test
    void anIriOverTheTermLimitIsAStrictErrorNamingFileLineColumnAndLimit() {
        String line = "<http://example.org/s> <http://example.org/p> <http://example.org/" + "i".repeat(300) + "> .\n";
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class,
            () -> parse(new NQuadsParser(false, 4096, 256), text(GOOD + line), SyntaxErrorHandler.STRICT));
        assertEquals(2, e.line());
        assertEquals(47, e.column()); // the IRI's '<'
        assertTrue(e.getMessage().contains("an IRI of 319 bytes is longer than the term limit of 256 bytes"),
            e.getMessage());
    }

    @Test
    void aLiteralOverTheTermLimitAfterUnescapingIsAnError() {
        // 100 escapes of 6 bytes decode to 200 bytes (two each): under the line limit, over the term limit.
        String line = "_:b <http://example.org/p> \"" + "\\u00E9".repeat(100) + "\"@fr .\n";
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class,
            () -> parse(new NQuadsParser(false, 4096, 199), text(line), SyntaxErrorHandler.STRICT));
        assertTrue(e.getMessage().startsWith("huge.nt:1:28: a literal of 200 bytes is longer than the term limit"),
            e.getMessage());
    }

    @Test
    void aBlankNodeLabelOverTheTermLimitIsSkippedAndReported() throws IOException {
        List<RdfSyntaxException> reported = new ArrayList<>();
        NQuadsParser parser = new NQuadsParser(false, 4096, 64);
        String line = "_:" + "b".repeat(65) + " <http://example.org/p> \"x\" .\n";
        assertEquals(2, parse(parser, text(GOOD + line + GOOD), reported::add));
        assertEquals(1, reported.size());
        assertTrue(reported.get(0).getMessage().startsWith("huge.nt:2:1: a blank node label of 65 bytes"),
            reported.get(0).getMessage());
    }

    @Test
    void aStrictBulkLoadWithAHugeTermFailsNamingTheLineAndLeavesTheStoreUnchanged() throws IOException {
        Path file = dir.resolve("huge.nt");
        Files.writeString(file, GOOD + "<http://example.org/s> <http://example.org/p> \"" + "x".repeat(3000) + "\" .\n");
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            store.bulkLoad(List.of(write("good.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")),
                BulkLoadOptions.defaults());
            QuadStoreStats before = store.stats();
            RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> store.bulkLoad(List.of(file),
                BulkLoadOptions.defaults().withMaxTermBytes(2048)));
            assertTrue(e.getMessage().contains("huge.nt:2:47") && e.getMessage().contains("2048"), e.getMessage());
            QuadStoreStats after = store.stats();
            assertEquals(before.quads(), after.quads());
            assertEquals(before.atoms(), after.atoms());
        }
    }

    @Test
    void aSkippingBulkLoadSkipsAHugeTermAndReportsIt() throws IOException {
        Path file = write("huge.nq", GOOD + "<http://example.org/s> <http://" + "h".repeat(3000) + "> \"x\" .\n" + GOOD
            .replace("ok", "ok too"));
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            BulkLoadResult result = store.bulkLoad(List.of(file),
                BulkLoadOptions.defaults().withMaxTermBytes(2048).withSkipBadLines(true));
            assertEquals(2, result.quadsAdded());
            assertEquals(1, result.badLines());
            assertTrue(result.badLineReports().get(0).contains("huge.nq:2:24"), result.badLineReports().toString());
        }
    }

    @Test
    void aBulkLoadNeverPassesATermTheAtomStoreCannotHold() throws IOException {
        // The atom store holds at most 4000 bytes a term; the load's own term limit (1 MiB) would let 5000 through.
        QuadStoreOptions small = QuadStoreOptions.defaults().withAtomStoreOptions(AtomStoreOptions.defaults()
            .withChunkSizeBytes(1 << 16).withMaxAtomBytes(4000));
        Path file = write("big.nt", "<http://example.org/s> <http://example.org/p> \"" + "y".repeat(5000) + "\" .\n");
        try (QuadStore store = QuadStore.open(dir.resolve("store"), small)) {
            RdfSyntaxException e = assertThrows(RdfSyntaxException.class,
                () -> store.bulkLoad(List.of(file), BulkLoadOptions.defaults()));
            assertTrue(e.getMessage().contains("big.nt:1:47") && e.getMessage().contains("term limit"),
                e.getMessage());
            assertEquals(0, store.stats().quads());
        }
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
