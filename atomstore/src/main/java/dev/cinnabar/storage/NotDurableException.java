package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link DurableFile#replace} renamed the new file into place but could not force the directory: the new content is
 * what the file system shows now, yet a crash may bring back the old. The caller must not act as if either were
 * the durable state (for example by deleting files that only one of them names).
 */
public final class NotDurableException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path target;

    public NotDurableException(Path target, String message, IOException cause) {
        super(message, cause);
        this.target = target;
    }

    /** The file that was replaced. */
    public Path target() {
        return target;
    }
}
