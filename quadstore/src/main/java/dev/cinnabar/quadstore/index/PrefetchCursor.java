package dev.cinnabar.quadstore.index;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A forward-only cursor over the entries of another cursor that runs ahead on another thread, handing its entries
 * over in batches. A merge of many chunks (decoding blocks and comparing heads) then uses one core while the thread
 * reading this cursor (encoding and writing a segment) uses the other.
 *
 * <p>The source cursor is handed to the producer thread and must not be used by anyone else afterwards. A failure
 * of the source is thrown by the {@link #next()} that reaches it. {@link #seek} is not supported. {@link #close()}
 * stops the producer; a cursor read to its end has stopped already.
 */
public final class PrefetchCursor implements EntryCursor, AutoCloseable {

    /** Entries per batch: large enough that a hand-over costs little per entry, small enough to start quickly. */
    static final int BATCH_ENTRIES = 16384;
    /** Batches in flight: the producer may run this far ahead. */
    static final int BATCHES = 8;

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Future<?> producer;
    private Batch current;
    private int at;
    private boolean exhausted;

    private PrefetchCursor(EntryCursor source, ExecutorService executor) {
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        this.producer = executor.submit(() -> produce(source));
    }

    /** Starts reading {@code source} ahead on a thread of {@code executor}. */
    public static PrefetchCursor start(EntryCursor source, ExecutorService executor) {
        return new PrefetchCursor(source, executor);
    }

    private void produce(EntryCursor source) {
        Batch batch;
        try {
            batch = free.take();
        } catch (InterruptedException e) {
            return; // closed before it started
        }
        try {
            int count = 0;
            long[] keys = batch.keys;
            while (source.next()) {
                int k = count * 4;
                keys[k] = source.key(0);
                keys[k + 1] = source.key(1);
                keys[k + 2] = source.key(2);
                keys[k + 3] = source.key(3);
                batch.tombstones[count] = source.tombstone();
                if (++count == BATCH_ENTRIES) {
                    batch.count = count;
                    full.put(batch);
                    batch = free.take();
                    keys = batch.keys;
                    count = 0;
                }
            }
            batch.count = count;
            batch.last = true;
            full.put(batch);
        } catch (InterruptedException e) {
            // closed: nobody reads on
        } catch (RuntimeException | Error e) {
            batch.count = 0;
            batch.last = true;
            batch.failure = e;
            full.offer(batch); // there is room: the reader holds at most one batch and returns it before taking
        }
    }

    @Override
    public boolean next() {
        if (current != null && ++at < current.count) {
            return true;
        }
        while (!exhausted) {
            if (current != null) {
                if (current.last) {
                    exhausted = true;
                    if (current.failure != null) {
                        throw rethrown(current.failure);
                    }
                    return false;
                }
                free.add(current);
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new UncheckedIOException(new InterruptedIOException("interrupted while reading ahead"));
            }
            at = 0;
            if (current.count > 0) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    @Override
    public long key(int position) {
        return current.keys[at * 4 + position];
    }

    @Override
    public boolean tombstone() {
        return current.tombstones[at];
    }

    /** Not supported: the producer has read ahead. */
    @Override
    public void seek(long k0, long k1, long k2, long k3) {
        throw new UnsupportedOperationException("a prefetching cursor cannot seek");
    }

    /** Stops the producer if it still runs; entries not yet read are dropped. */
    @Override
    public void close() {
        exhausted = true;
        current = null;
        producer.cancel(true);
    }

    private static final class Batch {
        final long[] keys = new long[BATCH_ENTRIES * 4];
        final boolean[] tombstones = new boolean[BATCH_ENTRIES];
        int count;
        boolean last;
        Throwable failure;
    }
}
