package dev.cinnabar.benchmarks.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's verdict: differing counts are caught, and the target needs every query and the total. */
class LubmComparisonTest {

    @Test
    void aDifferingRowCountIsReportedAsAMismatch() {
        LubmComparison comparison = new LubmComparison(side("q01", 4, 1.0, "q02", 7, 1.0),
            side("q01", 4, 3.0, "q02", 8, 3.0));

        assertEquals(List.of("q02: cinnabar 7 rows, tdb2 8 rows"), comparison.countMismatches());
        assertFalse(comparison.targetMet());
        assertTrue(comparison.table().contains("**MISMATCH** 7 / 8"));
    }

    @Test
    void aQueryMissingOnOneStoreIsAMismatch() {
        LubmComparison comparison = new LubmComparison(side("q01", 4, 1.0), side("q01", 4, 3.0, "q02", 8, 3.0));

        assertEquals(List.of("q02: cinnabar no rows, tdb2 8 rows"), comparison.countMismatches());
    }

    @Test
    void theTargetHoldsWhenNoQueryIsSlowerAndTheTotalIsThreeTimesAsFast() {
        LubmComparison comparison = new LubmComparison(side("q01", 1, 10.0, "q02", 1, 10.0),
            side("q01", 1, 11.0, "q02", 1, 49.0));

        assertEquals(3.0, comparison.totalRatio("tdb2"), 1e-9);
        assertTrue(comparison.targetMet());
    }

    @Test
    void oneSlowerQueryMissesTheTargetWhateverTheTotal() {
        LubmComparison comparison = new LubmComparison(side("q01", 1, 10.0, "q02", 1, 1.0),
            side("q01", 1, 9.0, "q02", 1, 100.0));

        assertEquals(List.of("q01"), comparison.slowerOnCinnabar());
        assertFalse(comparison.targetMet());
        assertTrue(comparison.verdict().startsWith("Target NOT met: slower on Cinnabar: q01 (0.90x tdb2)"),
            comparison.verdict());
    }

    @Test
    void aTotalBelowThreeTimesAsFastMissesTheTarget() {
        LubmComparison comparison = new LubmComparison(side("q01", 1, 10.0), side("q01", 1, 29.0));

        assertTrue(comparison.slowerOnCinnabar().isEmpty());
        assertFalse(comparison.targetMet());
    }

    @Test
    void everyPeerMustBeBeatenOnEveryQueryAndInTotal() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 1, 10.0, "q02", 1, 10.0));
        byStore.put("tdb2", side("q01", 1, 40.0, "q02", 1, 40.0));
        byStore.put("rdf4j-lmdb", side("q01", 1, 9.0, "q02", 1, 100.0));
        LubmComparison comparison = new LubmComparison(byStore);

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
            new LubmComparison(byStore).countMismatches());
    }

    @Test
    void aPeerThatRanOutOfTimeCountsWithItsLimitAsALowerBound() {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put("cinnabar", side("q01", 4, 100.0, "q02", 8, 1.0));
        Map<String, QueryTiming> slow = side("q02", 8, 2.0);
        slow.put("q01", QueryTiming.timedOut("q01", 120_000));
        byStore.put("rdf4j-lmdb", slow);
        LubmComparison comparison = new LubmComparison(byStore);

        assertEquals(List.of(), comparison.countMismatches());
        assertEquals(List.of(), comparison.slowerOnCinnabar());
        assertTrue(comparison.table().contains("| q01 | 4 | 100.00 | > 120000.00 | > 1200.00x |"), comparison.table());
        assertTrue(comparison.verdict().contains("rdf4j-lmdb > "), comparison.verdict());
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
