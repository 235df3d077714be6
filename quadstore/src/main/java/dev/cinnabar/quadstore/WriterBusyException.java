package dev.cinnabar.quadstore;

/**
 * {@link QuadStore#beginWrite(java.time.Duration)} waited its whole timeout while another write transaction, bulk
 * load or checkpoint held the store's one writer slot. Nothing changed; try again later.
 */
public final class WriterBusyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public WriterBusyException(String message) {
        super(message);
    }
}
