package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A store directory is already owned by another process, or by another open instance in this process. */
public final class StoreLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Path directory;

    public StoreLockedException(Path directory, String detail) {
        super("store " + directory + " is locked: " + detail);
        this.directory = directory;
    }

    /** The directory of the store that could not be locked. */
    public Path directory() {
        return directory;
    }
}
