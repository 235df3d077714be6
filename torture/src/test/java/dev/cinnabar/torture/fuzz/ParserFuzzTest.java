package dev.cinnabar.torture.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the parser fuzz: hostile inputs end in success or a placed syntax error, in time and memory. */
class ParserFuzzTest {

    @TempDir
    Path dir;

    @Test
    void hostileInputsEndInSuccessOrAPlacedSyntaxErrorWithinTimeAndMemory() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ParserFuzz.Report report = ParserFuzz.run(20261121, 10_000, 60, 40, dir,
            new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(List.of(), report.failures, log.toString(StandardCharsets.UTF_8));
        assertTrue(report.inputs >= 1000, report.summary());
        assertTrue(report.strictAccepted > 0 && report.strictRejected > 0 && report.skippedLines > 0, report.summary());
        assertTrue(report.bulkLoads > 0 && report.bulkStrictRejected > 0, report.summary());
    }

    @Test
    void theAllocationBoundIsBelowABufferedCopyOfTheInput() {
        // The bound must be able to fail: a parser holding a whole 1 MB line (twice: buffer and scratch) exceeds it.
        long megabyte = 1_000_000;
        assertTrue(2 * megabyte > ParserFuzz.allocationBound(megabyte, 1, ParserFuzz.MAX_LINE_BYTES));
    }
}
