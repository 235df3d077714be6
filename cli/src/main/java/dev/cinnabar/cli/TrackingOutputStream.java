package dev.cinnabar.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output under the {@link java.io.PrintStream} that hides its errors: remembers the first write failure,
 * so that a command can tell a closed pipe (the reader had enough) from a full disk.
 */
final class TrackingOutputStream extends FilterOutputStream {

    private volatile IOException failure;

    TrackingOutputStream(OutputStream out) {
        super(out);
    }

    /** The first failure, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Whether {@code e} says the reading end of a pipe was closed. */
    static boolean isBrokenPipe(IOException e) {
        String message = e == null ? null : e.getMessage();
        return message != null && (message.contains("Broken pipe") || message.contains("pipe is being closed")
            || message.contains("pipe has been ended"));
    }
}
