package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a cursor ahead on another thread: the same entries in the same order, failures and closing handed on. */
class PrefetchCursorTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "a producer did not stop");
    }

    @Test
    void givesEveryEntryOfItsSourceInOrderWithItsTombstoneForAnyLengthAroundBatchBoundaries() {
        int batch = PrefetchCursor.BATCH_ENTRIES;
        for (int length : new int[] {0, 1, batch - 1, batch, batch + 1, PrefetchCursor.BATCHES * batch,
            PrefetchCursor.BATCHES * batch + 1, 7 * batch + 123}) {
            long[][] expected = SegmentFixture.drain(new CountingSource(length, Long.MAX_VALUE));
            long[][] actual = SegmentFixture.drain(PrefetchCursor.start(new CountingSource(length, Long.MAX_VALUE),
                executor));
            assertEquals(length, actual.length, "entries of a source of " + length);
            for (int i = 0; i < length; i++) {
                assertArrayEquals(expected[i], actual[i], "entry " + i + " of " + length);
            }
        }
    }

    @Test
    void aFailureOfTheSourceIsThrownByTheNextThatReachesIt() {
        int failAt = 3 * PrefetchCursor.BATCH_ENTRIES + 10;
        PrefetchCursor cursor = PrefetchCursor.start(new CountingSource(Long.MAX_VALUE, failAt), executor);
        int read = 0;
        IllegalStateException thrown = null;
        try {
            while (cursor.next()) {
                assertEquals(read, cursor.key(1), "entry " + read);
                read++;
            }
        } catch (IllegalStateException e) {
            thrown = e;
        }
        assertTrue(thrown != null && thrown.getMessage().equals("damaged at " + failAt), "thrown: " + thrown);
        // The entries before the failure's batch are given; none after the failure.
        assertEquals(3 * PrefetchCursor.BATCH_ENTRIES, read);
        assertFalse(cursor.next(), "a failed cursor stays exhausted");
    }

    @Test
    void anErrorOfTheSourceIsThrownAsItself() {
        OutOfMemoryError error = new OutOfMemoryError("test");
        EntryCursor source = new CountingSource(Long.MAX_VALUE, Long.MAX_VALUE) {
            @Override
            public boolean next() {
                throw error;
            }
        };
        PrefetchCursor cursor = PrefetchCursor.start(source, executor);
        assertSame(error, assertThrows(OutOfMemoryError.class, cursor::next));
    }

    @Test
    void closingStopsAProducerThatRunsAheadOfItsReader() throws InterruptedException {
        CountingSource endless = new CountingSource(Long.MAX_VALUE, Long.MAX_VALUE);
        PrefetchCursor cursor = PrefetchCursor.start(endless, executor);
        assertTrue(cursor.next());
        cursor.close();
        assertFalse(cursor.next(), "a closed cursor gives nothing more");
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the producer still runs");
        // It ran at most the batches in flight ahead, then waited for the reader until it was closed.
        assertTrue(endless.produced.get() <= (long) (PrefetchCursor.BATCHES + 1) * PrefetchCursor.BATCH_ENTRIES,
            "produced " + endless.produced.get());
    }

    @Test
    void seekingIsRefused() {
        PrefetchCursor cursor = PrefetchCursor.start(new CountingSource(10, Long.MAX_VALUE), executor);
        assertThrows(UnsupportedOperationException.class, () -> cursor.seek(0, 0, 0, 0));
        cursor.close();
    }

    /** Entries (i / 7, i, 3 i, i % 5) for i from 0, every third a tombstone; fails at entry {@code failAt}. */
    private static class CountingSource implements EntryCursor {
        final AtomicLong produced = new AtomicLong();
        private final long length;
        private final long failAt;
        private long i = -1;

        CountingSource(long length, long failAt) {
            this.length = length;
            this.failAt = failAt;
        }

        @Override
        public boolean next() {
            if (i + 1 >= length) {
                return false;
            }
            i++;
            if (i == failAt) {
                throw new IllegalStateException("damaged at " + i);
            }
            produced.incrementAndGet();
            return true;
        }

        @Override
        public long key(int position) {
            return switch (position) {
                case 0 -> i / 7;
                case 1 -> i;
                case 2 -> 3 * i;
                default -> i % 5;
            };
        }

        @Override
        public boolean tombstone() {
            return i % 3 == 0;
        }

        @Override
        public void seek(long k0, long k1, long k2, long k3) {
            throw new UnsupportedOperationException();
        }
    }
}
