package dev.cinnabar.benchmarks.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's verdict: differing counts are caught, and the target needs every query and the total. */
class QueryComparisonTest {

    @Test
    void aDifferingRowCountIsReportedAsAMismatch() {
        QueryComparison comparison = new QueryComparison(side("q01", 4, 1.0, "q02", 7, 1.0),
            side("q01", 4, 3.0, "q02", 8, 3.0));

        assertEquals(List.of("q02: cinnabar 7 rows, tdb2 8 rows"), comparison.countMismatches());
        assertFalse(comparison.targetMet());
        assertTrue(comparison.table().contains("**MISMATCH** 7 / 8"));
    }

    @Test
    void aQueryMissingOnOneStoreIsAMismatch() {
        QueryComparison comparison = new QueryComparison(side("q01", 4, 1.0), side("q01", 4, 3.0, "q02", 8, 3.0));

        assertEquals(List.of("q02: cinnabar no rows, tdb2 8 rows"), comparison.countMismatches());
    }

    @Test
    void theTargetHoldsWhenNoQueryIsSlowerAndTheTotalIsThreeTimesAsFast() {
        QueryComparison comparison = new QueryComparison(side("q01", 1, 10.0, "q02", 1, 10.0),
            side("q01", 1, 11.0, "q02", 1, 49.0));

        assertEquals(3.0, comparison.totalRatio("tdb2"), 1e-9);
        assertTrue(comparison.targetMet());
    }

    @Test
    void oneSlowerQueryMissesTheTargetWhateverTheTotal() {
        QueryComparison comparison = new QueryComparison(side("q01", 1, 10.0, "q02", 1, 1.0),
            side("q01", 1, 9.0, "q02", 1, 100.0));

        assertEquals(List.of("q01"), comparison.slowerOnCinnabar());
        assertFalse(comparison.targetMet());
        assertTrue(comparison.verdict().startsWith("Target NOT met: slower on Cinnabar: q01 (0.90x tdb2)"),
            comparison.verdict());
    }

    @Test
    void aTotalBelowThreeTimesAsFastMissesTheTarget() {
        QueryComparison comparison = new QueryComparison(side("q01", 1, 10.0), side("q01", 1, 29.0));

        assertTrue(comparison.slowerOnCinnabar().isEmpty());
        assertFalse(comparison.targetMet());
    }

    @Test
    void cinnabarThroughRdf4jIsAColumnWithItsRatioButNoPeer() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 1, 10.0, "q02", 1, 10.0));
        byStore.put("cinnabar-rdf4j", side("q01", 1, 5.0, "q02", 1, 5.0)); // faster, yet no query is "slower"
        byStore.put("rdf4j-lmdb", side("q01", 1, 40.0, "q02", 1, 40.0));
        QueryComparison comparison = new QueryComparison(byStore);

        assertTrue(comparison.table().startsWith("| query | results | cinnabar ms | cinnabar-rdf4j ms"
            + " | cinnabar-rdf4j/cinnabar | rdf4j-lmdb ms |"), comparison.table());
        assertTrue(comparison.table().contains("| 5.00 | 0.50x |"), comparison.table());
        assertEquals(List.of("rdf4j-lmdb"), comparison.peers());
        assertTrue(comparison.targetMet());
        assertTrue(comparison.verdict().endsWith("Not a peer, so in no verdict: cinnabar-rdf4j total 0.50x."),
            comparison.verdict());
    }

    @Test
    void withoutAPeerThereIsNoVerdict() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 1, 10.0));
        byStore.put("cinnabar-rdf4j", side("q01", 1, 20.0));
        QueryComparison comparison = new QueryComparison(byStore);

        assertFalse(comparison.targetMet());
        assertEquals("No peer in this run, so no verdict. Not a peer, so in no verdict: cinnabar-rdf4j total 2.00x.",
            comparison.verdict());
    }

    @Test
    void everyPeerMustBeBeatenOnEveryQueryAndInTotal() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 1, 10.0, "q02", 1, 10.0));
        byStore.put("tdb2", side("q01", 1, 40.0, "q02", 1, 40.0));
        byStore.put("rdf4j-lmdb", side("q01", 1, 9.0, "q02", 1, 100.0));
        QueryComparison comparison = new QueryComparison(byStore);

        assertEquals(List.of("tdb2", "rdf4j-lmdb"), comparison.peers());
        assertEquals(List.of("q01"), comparison.slowerOnCinnabar());
        assertFalse(comparison.targetMet());
        assertTrue(comparison.verdict().contains("q01 (0.90x rdf4j-lmdb)"), comparison.verdict());
        assertTrue(comparison.table().startsWith(
            "| query | results | cinnabar ms | tdb2 ms | tdb2/cinnabar | rdf4j-lmdb ms | rdf4j-lmdb/cinnabar |"),
            comparison.table());
    }

    @Test
    void aRowCountThatDiffersOnAThirdStoreIsAMismatch() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 4, 1.0));
        byStore.put("tdb2", side("q01", 4, 3.0));
        byStore.put("rdf4j-native", side("q01", 5, 3.0));

        assertEquals(List.of("q01: cinnabar 4 rows, tdb2 4 rows, rdf4j-native 5 rows"),
            new QueryComparison(byStore).countMismatches());
    }

    @Test
    void aPeerThatRanOutOfTimeCountsWithItsLimitAsALowerBound() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 4, 100.0, "q02", 8, 1.0));
        Map<String, QueryTiming> slow = side("q02", 8, 2.0);
        slow.put("q01", QueryTiming.timedOut("q01", 120_000));
        byStore.put("rdf4j-lmdb", slow);
        QueryComparison comparison = new QueryComparison(byStore);

        assertEquals(List.of(), comparison.countMismatches());
        assertEquals(List.of(), comparison.slowerOnCinnabar());
        assertTrue(comparison.table().contains("| q01 | 4 | 100.00 | > 120000.00 | > 1200.00x |"), comparison.table());
        assertTrue(comparison.verdict().contains("rdf4j-lmdb > "), comparison.verdict());
    }

    @Test
    void thePrintedReportFailsOnAMismatchAndNamesTheQueryAndStores() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q09", 48, 1.0, "q12", 16, 1.0));
        byStore.put("rdf4j-lmdb", side("q09", 60, 2.0, "q12", 16, 2.0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean agree = QueryComparison.print(byStore, "test", new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(agree);
        assertTrue(out.contains("!!! q09: cinnabar 48 rows, rdf4j-lmdb 60 rows"), out);
        assertFalse(out.contains("!!! q12"), out);
    }

    @Test
    void thePrintedReportOfAgreeingStoresPasses() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean agree = QueryComparison.print(Map.of("cinnabar", side("q01", 4, 1.0), "tdb2", side("q01", 4, 2.0)),
            "test", new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertTrue(agree);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("| q01 | 4 | 1.00 |"));
    }

    @Test
    void aChildsLineReadsBackAsTheSameTiming() {
        String line = QueryTiming.line("BSBM-QUERY", "tdb2", "q02", 283, List.of(3.0, 1.0, 2.0, 10.0));

        QueryTiming timing = QueryTiming.parse(ChildJvm.fields(line));

        assertEquals(new QueryTiming("q02", 283, 2.5, 1.0, 10.0), timing);
    }

    /** Alternating query name, rows, median ms. */
    private static Map<String, QueryTiming> side(Object... entries) {
        Map<String, QueryTiming> side = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 3) {
            String query = (String) entries[i];
            double median = (Double) entries[i + 2];
            side.put(query, new QueryTiming(query, (Integer) entries[i + 1], median, median, median));
        }
        return side;
    }
}
