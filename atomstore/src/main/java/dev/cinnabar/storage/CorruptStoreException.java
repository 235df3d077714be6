package dev.cinnabar.storage;

import java.io.IOException;
import java.util.List;

/**
 * A store's files are damaged or inconsistent: a checksum does not match, a file is missing or too short, or an
 * integrity check found problems. The message names every file and problem found; nothing damaged is read as data.
 */
public final class CorruptStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CorruptStoreException(String problem) {
        this(List.of(problem));
    }

    public CorruptStoreException(List<String> problems) {
        super(problems.size() == 1
            ? problems.get(0)
            : problems.size() + " problems found:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one line each. */
    public List<String> problems() {
        return problems;
    }
}
