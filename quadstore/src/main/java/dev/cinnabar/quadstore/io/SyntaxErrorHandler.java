package dev.cinnabar.quadstore.io;

/**
 * Decides what {@link NQuadsParser} does with a bad line: throw to abort the parse, or return normally to skip the
 * line and go on with the next one (the parser resynchronizes at the next end of line).
 *
 * <p>A bad line delivers no statement, and the statements of the lines before it have been delivered. A line is
 * bad when it is not valid N-Triples / N-Quads, when it is longer than the parser's line limit, or when it uses an
 * RDF 1.2 feature that is not supported yet ({@link RdfSyntaxException#unsupported()}).
 */
@FunctionalInterface
public interface SyntaxErrorHandler {

    /** Rethrows every error: the first bad line aborts the parse. */
    SyntaxErrorHandler STRICT = e -> {
        throw e;
    };

    /** Skips every bad line silently; {@link NQuadsParser#skippedLines()} counts them. */
    SyntaxErrorHandler SKIP = e -> {
    };

    /**
     * Called once for each bad line, in input order.
     *
     * @param e the error, with the source, line, column and reason
     * @throws RdfSyntaxException to abort the parse ({@code e} itself, or another one)
     */
    void onError(RdfSyntaxException e) throws RdfSyntaxException;
}
