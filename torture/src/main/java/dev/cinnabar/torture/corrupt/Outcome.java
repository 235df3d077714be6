package dev.cinnabar.torture.corrupt;

/** What a damaged store copy did when opened, verified and read in full. */
enum Outcome {
    /** (a) {@code open} threw a {@code CorruptStoreException} or other {@code IOException} naming the file. */
    OPEN_REPORTED(true),
    /** (b) {@code open} succeeded and {@code verify()} reported a problem naming the file. */
    VERIFY_REPORTED(true),
    /** (c) open and verify succeeded and every answer equals the undamaged store's: the bytes did not matter. */
    INTACT(true),
    /**
     * Open and verify succeeded and the store answers exactly as after an earlier commit: the commit log's tail
     * lost whole records, which recovery cannot tell from a torn, unacknowledged append (ADR-008).
     */
    EARLIER_COMMIT(true),
    /** {@code open} threw an exception other than an {@code IOException}. */
    OPEN_RAW(false),
    /**
     * {@code open} refused the store with a {@code CorruptStoreException} that names another file of the store, not
     * the damaged one: clear, but it sends the reader to the wrong file.
     */
    OPEN_REPORTED_OTHER_FILE(false),
    /** {@code open} threw an {@code IOException} whose message does not name the damaged file. */
    OPEN_UNNAMED(false),
    /** {@code verify()} threw an exception other than a {@code CorruptStoreException}. */
    VERIFY_RAW(false),
    /** {@code verify()} reported problems, none naming the damaged file. */
    VERIFY_UNNAMED(false),
    /** Open and verify succeeded, but reading threw. */
    READ_FAILED_UNVERIFIED(false),
    /** Open and verify succeeded, but the answers are neither the store's nor an earlier commit's. */
    WRONG_ANSWER(false),
    /**
     * A snapshot opened right after open and held across verify() and the full read then read other quads than
     * that read, or failed where the store's own read did not fail clearly.
     */
    SNAPSHOT_DIFFERS(false),
    /** The worker JVM died while handling this damage. */
    CRASH(false),
    /** The case did not finish within the time bound. */
    HANG(false);

    final boolean acceptable;

    Outcome(boolean acceptable) {
        this.acceptable = acceptable;
    }
}
