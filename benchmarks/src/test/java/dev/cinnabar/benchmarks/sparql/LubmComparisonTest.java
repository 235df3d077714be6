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
    void theTargetHoldsWhenNoQueryIsSlowerAndTheTotalIsTwiceAsFast() {
        LubmComparison comparison = new LubmComparison(side("q01", 1, 10.0, "q02", 1, 10.0),
            side("q01", 1, 11.0, "q02", 1, 29.0));

        assertEquals(2.0, comparison.tdb2Total() / comparison.cinnabarTotal(), 1e-9);
        assertTrue(comparison.targetMet());
    }

    @Test
    void oneSlowerQueryMissesTheTargetWhateverTheTotal() {
        LubmComparison comparison = new LubmComparison(side("q01", 1, 10.0, "q02", 1, 1.0),
            side("q01", 1, 9.0, "q02", 1, 100.0));

        assertEquals(List.of("q01"), comparison.slowerOnCinnabar());
        assertFalse(comparison.targetMet());
        assertTrue(comparison.verdict().startsWith("Target NOT met: slower on Cinnabar: q01 (0.90x)"));
    }

    @Test
    void aTotalBelowTwiceAsFastMissesTheTarget() {
        LubmComparison comparison = new LubmComparison(side("q01", 1, 10.0), side("q01", 1, 19.0));

        assertTrue(comparison.slowerOnCinnabar().isEmpty());
        assertFalse(comparison.targetMet());
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
