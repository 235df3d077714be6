package dev.cinnabar.benchmarks.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void nearestRankPercentilesOfOneToTwoHundred() {
        Latencies latencies = new Latencies();
        // Recorded out of order, and past the initial capacity: the percentiles must sort.
        for (int i = 200; i >= 1; i--) {
            latencies.record(1_000, 1_000 + i);
        }
        assertEquals(200, latencies.count());
        assertEquals(100, latencies.percentileNanos(50));
        assertEquals(198, latencies.percentileNanos(99));
        assertEquals(200, latencies.maxNanos());
        assertEquals(1, latencies.percentileNanos(0.1));
    }

    @Test
    void oneValueAndMerge() {
        Latencies a = new Latencies();
        a.record(0, 7);
        assertEquals(7, a.percentileNanos(99));
        Latencies b = new Latencies();
        b.record(10, 13);
        b.record(20, 29);
        Latencies all = Latencies.merge(List.of(a, b));
        assertEquals(3, all.count());
        assertEquals(7, all.percentileNanos(50));
        assertEquals(9, all.maxNanos());
        assertEquals(29, all.end(2));
    }

    @Test
    void emptyFails() {
        assertThrows(IllegalStateException.class, () -> new Latencies().percentileNanos(50));
    }
}
