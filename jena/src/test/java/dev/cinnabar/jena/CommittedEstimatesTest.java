package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cinnabar.quadstore.PatternEstimate;

/** {@link CommittedEstimates}: an estimate is shared only with transactions of the commit it was made at. */
class CommittedEstimatesTest {

    private static final List<Long> PATTERN = List.of(0L, 0L, 7L, 0L);
    private static final PatternEstimate ESTIMATE = new PatternEstimate(10, true, new long[] {1, 10, 1, 3});

    @Test
    void anEstimateIsReusedAtTheCommitItWasMadeAt() {
        CommittedEstimates cache = new CommittedEstimates();
        cache.put(PATTERN, 5, ESTIMATE);
        assertSame(ESTIMATE, cache.get(PATTERN, 5));
    }

    @Test
    void anEstimateOfAnotherCommitIsNotUsed() {
        CommittedEstimates cache = new CommittedEstimates();
        cache.put(PATTERN, 5, ESTIMATE);
        assertNull(cache.get(PATTERN, 6));
        assertNull(cache.get(List.of(0L, 0L, 8L, 0L), 5));
    }

    @Test
    void anOlderSnapshotDoesNotReplaceTheEstimateOfANewerCommit() {
        CommittedEstimates cache = new CommittedEstimates();
        PatternEstimate older = new PatternEstimate(4, true, new long[] {1, 4, 1, 2});
        cache.put(PATTERN, 6, ESTIMATE);
        cache.put(PATTERN, 5, older);
        assertSame(ESTIMATE, cache.get(PATTERN, 6));
    }

    @Test
    void aFullCacheStartsAgainRatherThanGrow() {
        CommittedEstimates cache = new CommittedEstimates();
        cache.put(PATTERN, 5, ESTIMATE);
        for (long p = 100; p < 100 + CommittedEstimates.MAX_ENTRIES; p++) {
            cache.put(List.of(0L, 0L, p, 0L), 5, ESTIMATE);
        }
        assertNull(cache.get(PATTERN, 5), "the first entry went when the cache filled");
    }
}
