package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on its own thread (for a gzip file: the inflating), handing blocks to the reader through a
 * bounded queue, so that decompression and parsing run on two cores. The source is closed with this stream.
 */
final class InflatingInputStream extends InputStream {

    private static final int BLOCK_BYTES = 1 << 18;
    private static final int QUEUED_BLOCKS = 8;
    private static final Block END = new Block(new byte[0], -1);

    private record Block(byte[] bytes, int length) {
    }

    private final InputStream source;
    /** Room for every buffer and the end marker, so that handing over the end never fails. */
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(QUEUED_BLOCKS + 3);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUED_BLOCKS + 2);
    private final Thread reader;
    private volatile IOException failure;
    private volatile boolean closed;
    private Block current;
    private int position;

    InflatingInputStream(InputStream source, String name) {
        this.source = source;
        for (int i = 0; i < QUEUED_BLOCKS + 2; i++) {
            free.add(new byte[BLOCK_BYTES]);
        }
        reader = new Thread(this::readAll, "cinnabar-inflate " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        try {
            while (!closed) {
                byte[] bytes = free.take();
                int length = 0;
                while (length < bytes.length) {
                    int n = source.read(bytes, length, bytes.length - length);
                    if (n < 0) {
                        break;
                    }
                    length += n;
                }
                if (length > 0) {
                    full.put(new Block(bytes, length));
                }
                if (length < bytes.length) {
                    break;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("reading stopped");
        } finally {
            if (!full.offer(END)) {
                throw new IllegalStateException("no room for the end of input"); // cannot happen: see full
            }
        }
    }

    private boolean nextBlock() throws IOException {
        if (current == END) {
            return false;
        }
        if (current != null) {
            free.offer(current.bytes());
        }
        try {
            current = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading interrupted");
        }
        position = 0;
        if (current == END) {
            if (failure != null) {
                throw failure;
            }
            return false;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if ((current == null || position >= current.length()) && !nextBlock()) {
            return -1;
        }
        return current.bytes()[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if ((current == null || position >= current.length()) && !nextBlock()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
