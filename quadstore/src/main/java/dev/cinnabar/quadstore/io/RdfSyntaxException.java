package dev.cinnabar.quadstore.io;

import java.io.IOException;
import java.util.Objects;

/**
 * A syntax error in RDF input, at a line and column of a named source. The message is
 * {@code source:line:column: reason}, for example {@code data.nt:12:7: relative IRI <> (N-Triples needs absolute
 * IRIs)}.
 *
 * <p>Lines and columns count from 1. The column counts Unicode characters (code points) from the start of the line,
 * not bytes; in malformed UTF-8 it counts the bytes that are not continuation bytes.
 *
 * <p>{@link #unsupported()} marks input that is valid RDF 1.2 but uses a feature this version does not support
 * (triple terms, directional language tags), as opposed to input that is not valid at all.
 */
public final class RdfSyntaxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final long column;
    private final String reason;
    private final boolean unsupported;

    /**
     * A syntax error.
     *
     * @param source the name of the input (a file name), not null
     * @param line   the line, from 1
     * @param column the column in characters, from 1
     * @param reason what is wrong, not null
     */
    public RdfSyntaxException(String source, long line, long column, String reason) {
        this(source, line, column, reason, false);
    }

    /**
     * A syntax error, or with {@code unsupported} valid input that uses a feature this version does not support.
     *
     * @param source      the name of the input (a file name), not null
     * @param line        the line, from 1
     * @param column      the column in characters, from 1
     * @param reason      what is wrong, not null
     * @param unsupported whether the input is valid but not supported
     */
    public RdfSyntaxException(String source, long line, long column, String reason, boolean unsupported) {
        super(Objects.requireNonNull(source, "source") + ":" + line + ":" + column + ": "
            + Objects.requireNonNull(reason, "reason"));
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
        this.unsupported = unsupported;
    }

    /** The name of the input, as given to the parser. */
    public String source() {
        return source;
    }

    /** The line, from 1. */
    public long line() {
        return line;
    }

    /** The column in characters (code points), from 1. */
    public long column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /**
     * Whether the input is valid RDF 1.2 that this version does not support (a triple term {@code <<( s p o )>>} or a
     * directional language tag such as {@code @en--ltr}), rather than invalid input.
     */
    public boolean unsupported() {
        return unsupported;
    }
}
