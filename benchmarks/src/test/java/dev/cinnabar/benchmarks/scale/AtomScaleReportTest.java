package dev.cinnabar.benchmarks.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atom scale report in small: 4 KiB chunks, so that a few MiB of atom data cross thousands of chunk
 * boundaries, and a checker that is shown to fail when the expected terms are wrong.
 */
class AtomScaleReportTest {

    @TempDir
    Path temp;

    private final AtomScaleTerms terms = new AtomScaleTerms(14);

    @Test
    void eightMibInFourKibChunksReopenWithEveryCheckedAtomWhereThePlacementRulePutsIt() throws IOException {
        Path work = temp.resolve("work");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = AtomScaleReport.run(small(work, 8), terms::term, new PrintStream(output, true));
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("verify: "), text);
        assertTrue(text.contains("check: all as expected"), text);
        assertFalse(Files.exists(work), "the work directory is deleted without --keep");
    }

    @Test
    void aTermThatDiffersFromTheStoredOneFailsTheCheckNamingItsAtom() throws IOException {
        byte[] wrong = terms.term(6400).clone();
        wrong[wrong.length / 2] ^= 1;
        LongFunction<byte[]> expected = index -> index == 6400 ? wrong : terms.term(index);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = AtomScaleReport.run(small(temp.resolve("work"), 8), expected, new PrintStream(output, true));
        String text = output.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text);
        assertTrue(text.contains("MISMATCH atom 6401 at offset "), text); // id 6401 = 1 + 100 * --every
        assertTrue(text.contains("check: FAILED, 2 problems"), text); // its resolve and its lookup
    }

    @Test
    void aTermIsAPureFunctionOfItsIndexAndNoTwoAreEqual() {
        Set<ByteBuffer> seen = new HashSet<>();
        for (long index = 0; index < 20_000; index++) {
            byte[] term = terms.term(index);
            assertArrayEquals(term, new AtomScaleTerms(14).term(index));
            assertTrue(term.length >= AtomScaleTerms.MIN_LITERAL_BYTES && term.length <= AtomScaleTerms.MAX_BYTES,
                "term " + index + " is " + term.length + " bytes");
            assertTrue(seen.add(ByteBuffer.wrap(term)), "term " + index + " repeats an earlier one");
        }
        byte[] late = terms.term(5_000_000_000L);
        assertTrue(new String(late, StandardCharsets.US_ASCII).contains("5000000000"), "the index is embedded");
    }

    @Test
    void aRecordThatDoesNotFitTheRestOfItsChunkStartsTheNextOne() {
        AtomLayout layout = new AtomLayout(4096);
        assertEquals(0, layout.place(4000)); // 2-byte prefix: ends at 4002
        assertEquals(4002, layout.place(93)); // 1-byte prefix: ends at 4096, exactly the chunk
        assertEquals(4096, layout.place(0));
        assertEquals(8192, layout.place(4094)); // 4096 bytes with its prefix: a whole chunk of its own
        assertEquals(12288, layout.end());
        assertThrows(IllegalArgumentException.class, () -> layout.place(4095));
    }

    @Test
    void anUnknownArgumentOrABadNumberIsAUsageError() {
        assertThrows(IllegalArgumentException.class, () -> AtomScaleReport.parse(new String[] {"--frobnicate"}));
        assertThrows(IllegalArgumentException.class, () -> AtomScaleReport.parse(new String[] {"--every", "x"}));
        assertThrows(IllegalArgumentException.class,
            () -> AtomScaleReport.parse(new String[] {"--chunk-bytes", "5000"}));
        assertEquals(4.5, AtomScaleReport.parse(new String[0]).targetGib());
    }

    private static AtomScaleReport.Options small(Path work, int targetMib) {
        return AtomScaleReport.parse(new String[] {"--work-dir", work.toString(),
            "--target-gib", Double.toString(targetMib / 1024.0), "--chunk-bytes", "4096", "--commit-mib", "2",
            "--every", "64", "--window", "4", "--check-all-mib", "1", "--sample-seconds", "1"});
    }
}
