package dev.cinnabar.quadstore.io;

import static dev.cinnabar.quadstore.io.Syntax.BAD;
import static dev.cinnabar.quadstore.io.Syntax.END;
import static dev.cinnabar.quadstore.io.Syntax.ESCAPE;
import static dev.cinnabar.quadstore.io.Syntax.HEX;
import static dev.cinnabar.quadstore.io.Syntax.IRI_CLASS;
import static dev.cinnabar.quadstore.io.Syntax.MAX_SUBTAG;
import static dev.cinnabar.quadstore.io.Syntax.NON_ASCII;
import static dev.cinnabar.quadstore.io.Syntax.PLAIN;
import static dev.cinnabar.quadstore.io.Syntax.STRING_CLASS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A streaming, byte-level parser of N-Triples and N-Quads (RDF 1.1, and the RDF 1.2 syntax where noted), which
 * delivers each statement to a {@link StatementSink} as {@link ParsedTerm} flyweights over its own buffers.
 *
 * <h2>Input</h2>
 * <ul>
 *   <li>UTF-8, validated: malformed or overlong sequences, encoded surrogates and code points above U+10FFFF are
 *       syntax errors, in comments too. A byte order mark at the very start is skipped.</li>
 *   <li>The full grammar: absolute IRIs only (a relative IRI such as {@code <>} is an error), <code>&#92;u</code> and
 *       <code>&#92;U</code> escapes in IRIs and literals and the {@code \t \b \n \r \f \" \' \\} escapes in
 *       literals, blank node labels with the grammar's character set, language tags ({@code [a-zA-Z]{1,8}} then
 *       {@code -} subtags of 1 to 8 letters or digits), comments, blank lines, whitespace (space and tab) between
 *       and around terms, optional where the grammar makes it optional, and LF, CR or CR LF line ends.</li>
 *   <li>A literal may not have the datatype {@code rdf:langString} or {@code rdf:dirLangString} written out: those
 *       need a language tag.</li>
 *   <li>RDF 1.2: the {@code VERSION "..."} directive is accepted and ignored. Triple terms {@code <<( s p o )>>}
 *       (in the object position only, nested to any depth a line of {@code maxLineBytes} holds) and
 *       directional language tags ({@code @en--ltr}, {@code @ar--rtl}) are delivered ({@link ParsedTerm#TRIPLE_TERM},
 *       {@link ParsedTerm#direction()}).</li>
 *   <li>An escape that decodes to a surrogate is an error, except a high surrogate escape directly followed by a
 *       low surrogate escape (<code>&#92;uD83D&#92;uDE00</code>), which some writers produce: that pair decodes to
 *       the one character it encodes.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Each bad line goes to the {@link SyntaxErrorHandler} as an {@link RdfSyntaxException} naming the source, the
 * line and the column (in characters). The handler throws to abort, or returns to skip that line; the parser goes on
 * at the next line end. A line longer than {@code maxLineBytes} (line end not counted) is such an error too, and
 * skipping it never holds more than {@code maxLineBytes} of it in memory. So is a term longer than
 * {@code maxTermBytes} (an IRI, a blank node label or a literal's lexical form, counted after unescaping): its error
 * names the limit, and its column is the term's start.
 *
 * <h2>Performance</h2>
 * The parser reads through one reusable byte buffer (1 MiB, grown up to the longest line) and points the terms into
 * it wherever a term has no escapes; escaped terms are decoded into a reusable scratch buffer. Once the buffers
 * have their size, a statement costs no allocation: no {@code String}, no term object.
 *
 * <p>Not thread-safe and not reentrant; reusable for one {@code parse} after another.
 */
public final class NQuadsParser {

    /** The initial size of the input buffer. */
    static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** The largest {@code maxLineBytes}. */
    public static final int MAX_LINE_BYTES_LIMIT = 1 << 30;
    /** How many characters of an IRI an error message shows. */
    private static final int SHOWN_CHARS = 80;

    private static final byte[] RDF_LANG_STRING =
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RDF_DIR_LANG_STRING =
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString".getBytes(StandardCharsets.US_ASCII);

    private final boolean quads;
    private final int maxLineBytes;
    private final int maxTermBytes;
    private final String format;

    /** Input bytes at [pos, limit); buf[limit] is always a '\n' sentinel. */
    private byte[] buf;
    private final UnsafeBuffer bufView;
    /** Unescaped terms, from 0 for each line; never longer than the line. */
    private byte[] scratch;
    private final UnsafeBuffer scratchView;
    private int scratchPos;

    private final ParsedTerm subject = new ParsedTerm();
    private final ParsedTerm predicate = new ParsedTerm();
    private final ParsedTerm object = new ParsedTerm();
    private final ParsedTerm graph = new ParsedTerm();
    private final ParsedTerm datatype = new ParsedTerm();
    /** The version string of a VERSION directive, which is checked but not delivered. */
    private final ParsedTerm nested = new ParsedTerm();
    /** The components of the triple terms of a line, three for each depth (one triple term a depth: objects only). */
    private ParsedTerm[][] components = new ParsedTerm[4][];

    // per parse
    private InputStream in;
    private String source;
    private int pos;
    private int limit;
    private boolean eof;
    private long line;
    private long delivered;
    private long skipped;

    // per line
    private boolean hasStatement;
    private boolean hasGraph;
    /** The code point the last {@link #utf8} or {@link #uchar} decoded. */
    private int cp;

    /**
     * A parser.
     *
     * @param quads        true for N-Quads (a fourth term, the graph label, is allowed); false for N-Triples (a
     *                     fourth term is an error)
     * @param maxLineBytes the longest line accepted, in bytes without the line end; from 1 to
     *                     {@value #MAX_LINE_BYTES_LIMIT}
     * @throws IllegalArgumentException if {@code maxLineBytes} is out of range
     */
    public NQuadsParser(boolean quads, int maxLineBytes) {
        this(quads, maxLineBytes, maxLineBytes);
    }

    /**
     * A parser with a limit on terms as well as lines.
     *
     * @param quads        true for N-Quads, false for N-Triples
     * @param maxLineBytes the longest line accepted, in bytes without the line end; from 1 to
     *                     {@value #MAX_LINE_BYTES_LIMIT}
     * @param maxTermBytes the longest term accepted: an IRI, a blank node label or a literal's lexical form, in
     *                     bytes after unescaping; at least 1 (a value of {@code maxLineBytes} or more limits nothing
     *                     beyond the line limit)
     * @throws IllegalArgumentException if a limit is out of range
     */
    public NQuadsParser(boolean quads, int maxLineBytes, int maxTermBytes) {
        this(quads, maxLineBytes, maxTermBytes, DEFAULT_BUFFER_BYTES);
    }

    /** A parser with another initial buffer size (tests use tiny ones to cross buffer boundaries often). */
    NQuadsParser(boolean quads, int maxLineBytes, int maxTermBytes, int initialBufferBytes) {
        if (maxLineBytes < 1 || maxLineBytes > MAX_LINE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxLineBytes must be from 1 to " + MAX_LINE_BYTES_LIMIT + ", not "
                + maxLineBytes);
        }
        if (maxTermBytes < 1) {
            throw new IllegalArgumentException("maxTermBytes must be at least 1, not " + maxTermBytes);
        }
        this.quads = quads;
        this.maxLineBytes = maxLineBytes;
        this.maxTermBytes = maxTermBytes;
        this.format = quads ? "N-Quads" : "N-Triples";
        int capacity = Math.max(1, Math.min(initialBufferBytes, maxLineBytes + 1));
        this.buf = new byte[capacity + 1];
        this.scratch = new byte[capacity + 1];
        this.bufView = new UnsafeBuffer(buf);
        this.scratchView = new UnsafeBuffer(scratch);
    }

    /** Whether this parser reads N-Quads (true) or N-Triples (false). */
    public boolean quads() {
        return quads;
    }

    /** The longest line this parser accepts, in bytes without the line end. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** The longest term this parser accepts, in bytes after unescaping. */
    public int maxTermBytes() {
        return maxTermBytes;
    }

    /** The number of bad lines the error handler skipped in the last (or current) {@link #parse}. */
    public long skippedLines() {
        return skipped;
    }

    /**
     * Parses {@code in} to its end, delivering each statement to {@code sink}. Does not close {@code in}.
     *
     * @param in         the input, read in large blocks (it need not be buffered)
     * @param sourceName the name of the input in error messages (such as the file name)
     * @param sink       receives the statements
     * @param errors     decides about bad lines: {@link SyntaxErrorHandler#STRICT} aborts at the first
     * @return the number of statements delivered to {@code sink}
     * @throws RdfSyntaxException if {@code errors} throws it
     * @throws IOException        if reading fails, or {@code sink} throws it
     */
    public long parse(InputStream in, String sourceName, StatementSink sink, SyntaxErrorHandler errors)
        throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(errors, "errors");
        this.in = in;
        this.source = sourceName == null ? "<input>" : sourceName;
        this.pos = 0;
        this.limit = 0;
        this.eof = false;
        this.line = 1;
        this.delivered = 0;
        this.skipped = 0;
        try {
            fill();
            if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                pos = 3;
            }
            while (true) {
                if (pos >= limit) {
                    if (eof) {
                        break;
                    }
                    fill();
                    continue;
                }
                byte c = buf[pos];
                if (c == '\n') {
                    pos++;
                    line++;
                } else if (c == '\r') {
                    if (pos + 1 >= limit && !eof) {
                        fill(); // is a '\n' next?
                        continue;
                    }
                    pos++;
                    if (pos < limit && buf[pos] == '\n') {
                        pos++;
                    }
                    line++;
                } else {
                    line(sink, errors);
                }
            }
        } finally {
            this.in = null;
        }
        return delivered;
    }

    // ------------------------------------------------------------------------------------------------ buffer

    /**
     * Moves the bytes from {@code pos} to the start of the buffer (growing it if they fill it) and reads until the
     * buffer is full or the input ends. Sets {@code pos} to 0.
     */
    private void fill() throws IOException {
        int keep = limit - pos;
        int capacity = buf.length - 1;
        if (keep == capacity) {
            grow();
            capacity = buf.length - 1;
        } else if (pos > 0 && keep > 0) {
            System.arraycopy(buf, pos, buf, 0, keep);
        }
        pos = 0;
        limit = keep;
        while (limit < capacity) {
            int n = in.read(buf, limit, capacity - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
        }
        buf[limit] = '\n';
    }

    /** Doubles the buffers (up to one line of maxLineBytes plus its line end); the data stays where it is. */
    private void grow() {
        int capacity = buf.length - 1;
        int bigger = (int) Math.min((long) maxLineBytes + 1, Math.max(2L * capacity, 1024));
        if (bigger <= capacity) {
            throw new IllegalStateException("line buffer cannot grow past " + capacity + " bytes");
        }
        byte[] b = new byte[bigger + 1];
        System.arraycopy(buf, 0, b, 0, limit);
        buf = b;
        bufView.wrap(buf);
        scratch = new byte[bigger + 1];
        scratchView.wrap(scratch);
    }

    /** The first line end ('\r', '\n' or the sentinel at limit) at or after {@code p}. */
    private int lineEnd(int p) {
        byte[] b = buf;
        while (b[p] != '\n' && b[p] != '\r') {
            p++;
        }
        return p;
    }

    // -------------------------------------------------------------------------------------------------- lines

    /** Parses the line at {@code pos} (not a line end), delivers or reports it, and leaves pos at its line end. */
    private void line(StatementSink sink, SyntaxErrorHandler errors) throws IOException {
        while (true) {
            int start = pos;
            int end;
            Fail fail = null;
            scratchPos = 0;
            hasStatement = false;
            try {
                end = statement(start);
            } catch (Fail f) {
                fail = f;
                end = lineEnd(f.pos);
            }
            if (end == limit && !eof) { // the line may go on past the buffer
                if (limit - start > maxLineBytes) {
                    tooLong(start, errors);
                    return;
                }
                fill();
                continue;
            }
            if (end - start > maxLineBytes) {
                report(start, start + maxLineBytes, tooLongReason(), false, errors);
                pos = end;
                return;
            }
            if (fail != null) {
                report(start, fail.pos, fail.reason, false, errors);
                pos = end;
                return;
            }
            pos = end;
            if (hasStatement) {
                delivered++;
                sink.statement(subject, predicate, object, hasGraph ? graph : null);
            }
            return;
        }
    }

    private String tooLongReason() {
        return "line longer than the limit of " + maxLineBytes + " bytes";
    }

    /** Reports the too long line starting at {@code start} (no line end in the buffer), then skips the rest of it. */
    private void tooLong(int start, SyntaxErrorHandler errors) throws IOException {
        report(start, start + maxLineBytes, tooLongReason(), false, errors);
        while (true) {
            int e = lineEnd(pos);
            if (e < limit || eof) {
                pos = e;
                return;
            }
            pos = limit;
            fill();
        }
    }

    private void report(int lineStart, int at, String reason, boolean unsupported, SyntaxErrorHandler errors)
        throws RdfSyntaxException {
        long column = 1;
        for (int i = lineStart; i < at; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        errors.onError(new RdfSyntaxException(source, line, column, reason, unsupported));
        skipped++;
    }

    // ------------------------------------------------------------------------------------------- statements

    /**
     * Parses one line from {@code p}: a statement, a directive, a comment or white space. Returns the position of
     * its line end; sets hasStatement and hasGraph.
     */
    private int statement(int p) throws Fail {
        final byte[] b = buf;
        p = ws(p);
        int c = b[p];
        if (c == '\n' || c == '\r') {
            return p;
        }
        if (c == '#') {
            return comment(p);
        }
        // subject
        if (c == '<') {
            if (b[p + 1] == '<') {
                throw new Fail(p, b[p + 2] == '(' ? "a triple term cannot be the subject"
                    : "'<<' starts a reified triple, which is Turtle syntax; " + format
                    + " has none (and triple terms <<( s p o )>> only as the object)");
            }
            p = iri(p, subject);
        } else if (c == '_') {
            p = blankNode(p, subject);
        } else if (c == 'V' || c == 'v') {
            return version(p);
        } else {
            throw new Fail(p, c == '"' ? "a literal cannot be the subject"
                : c == '@' ? "'@' directives (@prefix, @base) are Turtle; " + format + " has none"
                : "expected a subject: an IRI <...> or a blank node _:label");
        }
        // predicate
        p = ws(p);
        c = b[p];
        if (c == '<' && b[p + 1] != '<') {
            p = iri(p, predicate);
        } else {
            throw new Fail(p, c == '_' ? "a blank node cannot be the predicate"
                : c == '"' ? "a literal cannot be the predicate"
                : c == '<' ? (b[p + 2] == '(' ? "a triple term cannot be the predicate"
                : "'<<' starts a reified triple, which is Turtle syntax; " + format + " has none")
                : "expected a predicate: an IRI <...>");
        }
        // object
        p = ws(p);
        p = object(p, object);
        // graph
        p = ws(p);
        c = b[p];
        hasGraph = false;
        if (c != '.') {
            if (!quads) {
                throw new Fail(p, c == '<' || c == '_' || c == '"'
                    ? "N-Triples has three terms to a line: expected '.' after the object (is this N-Quads?)"
                    : notDot(p, "expected '.' after the object"));
            }
            if (c == '<' && b[p + 1] != '<') {
                p = iri(p, graph);
            } else if (c == '_') {
                p = blankNode(p, graph);
            } else {
                throw new Fail(p, c == '"' ? "a literal cannot be the graph label"
                    : c == '<' ? "a triple term cannot be the graph label"
                    : notDot(p, "expected '.' or a graph label (an IRI or a blank node) after the object"));
            }
            hasGraph = true;
            p = ws(p);
            c = b[p];
            if (c != '.') {
                throw new Fail(p, c == '<' || c == '_' || c == '"'
                    ? "N-Quads has at most four terms to a line: expected '.' after the graph label"
                    : notDot(p, "expected '.' after the graph label"));
            }
        }
        p = ws(p + 1);
        c = b[p];
        if (c == '#') {
            p = comment(p);
        } else if (c != '\n' && c != '\r') {
            throw new Fail(p, "expected the end of the line after '.'");
        }
        hasStatement = true;
        return p;
    }

    /** The message for a missing '.' at {@code p}, naming Turtle syntax that is not N-Triples. */
    private String notDot(int p, String message) {
        int c = buf[p];
        if (c == '{' && buf[p + 1] == '|') {
            return "annotations {| ... |} are Turtle syntax; " + format + " has none";
        }
        if (c == ',' || c == ';') {
            return "'" + (char) c + "' lists are Turtle syntax; " + format + " has one statement to a line";
        }
        return message;
    }

    /** An object at {@code p}: an IRI, a blank node, a literal or a triple term. Returns the position after it. */
    private int object(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        int c = b[p];
        if (c == '<') {
            if (b[p + 1] == '<') {
                if (b[p + 2] != '(') {
                    throw new Fail(p, "'<<' starts a reified triple, which is Turtle syntax; " + format
                        + " has triple terms <<( s p o )>>");
                }
                return tripleTerm(p, t);
            }
            return iri(p, t);
        }
        if (c == '_') {
            return blankNode(p, t);
        }
        if (c == '"') {
            return literal(p, t);
        }
        throw new Fail(p, c == '\'' ? "expected an object; " + format + " strings are in double quotes \"...\""
            : "expected an object: an IRI <...>, a blank node _:label or a literal \"...\"");
    }

    /**
     * A triple term {@code <<( s p o )>>} at {@code p}, into {@code t}; returns the position after it. Triple terms
     * nest only through their objects, so a nesting is a chain, read in a loop (no recursion per level: any depth
     * the line length allows): down through the openings and components, then up through the closings.
     */
    private int tripleTerm(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        int depth = 0;
        ParsedTerm into = t;
        while (true) {
            ParsedTerm[] parts = components(depth);
            p = ws(p + 3);
            int c = b[p];
            if (c == '<' && b[p + 1] != '<') {
                p = iri(p, parts[0]);
            } else if (c == '_') {
                p = blankNode(p, parts[0]);
            } else {
                throw new Fail(p, c == '"' ? "a literal cannot be the subject of a triple term"
                    : c == '<' ? "a triple term cannot be the subject of a triple term"
                    : "expected the subject of the triple term: an IRI <...> or a blank node _:label");
            }
            p = ws(p);
            c = b[p];
            if (c == '<' && b[p + 1] != '<') {
                p = iri(p, parts[1]);
            } else {
                throw new Fail(p, c == '_' ? "a blank node cannot be the predicate of a triple term"
                    : c == '"' ? "a literal cannot be the predicate of a triple term"
                    : "expected the predicate of the triple term: an IRI <...>");
            }
            p = ws(p);
            into.setTripleTerm(parts[0], parts[1], parts[2]);
            depth++;
            into = parts[2];
            if (b[p] == '<' && b[p + 1] == '<' && b[p + 2] == '(') {
                continue; // a nested triple term as the object
            }
            p = object(p, into);
            break;
        }
        for (int i = 0; i < depth; i++) {
            p = ws(p);
            if (b[p] != ')' || b[p + 1] != '>' || b[p + 2] != '>') {
                throw new Fail(p, "expected ')>>' to close the triple term");
            }
            p += 3;
        }
        return p;
    }

    /** The reused components of the triple term at nesting {@code depth} (from 0); grows with the deepest line. */
    private ParsedTerm[] components(int depth) {
        if (depth == components.length) {
            components = Arrays.copyOf(components, 2 * depth);
        }
        ParsedTerm[] parts = components[depth];
        if (parts == null) {
            parts = new ParsedTerm[] {new ParsedTerm(), new ParsedTerm(), new ParsedTerm()};
            components[depth] = parts;
        }
        return parts;
    }

    /** The directive {@code VERSION "..."} at {@code p}; returns the line end. */
    private int version(int p) throws Fail {
        final byte[] b = buf;
        final byte[] word = {'V', 'E', 'R', 'S', 'I', 'O', 'N'};
        for (int i = 0; i < word.length; i++) {
            if ((b[p + i] & 0xDF) != word[i]) {
                throw new Fail(p, "expected a subject: an IRI <...> or a blank node _:label");
            }
        }
        int q = ws(p + word.length);
        if (b[q] != '"') {
            throw new Fail(q, "expected the version string \"...\" after VERSION");
        }
        q = string(q, nested);
        q = ws(q);
        int c = b[q];
        if (c == '#') {
            return comment(q);
        }
        if (c != '\n' && c != '\r') {
            throw new Fail(q, "expected the end of the line after the VERSION directive (which has no '.')");
        }
        return q;
    }

    /** A comment from {@code p} ('#') to the line end, whose UTF-8 is checked. Returns the line end. */
    private int comment(int p) throws Fail {
        final byte[] b = buf;
        while (true) {
            int c = b[p];
            if (c >= 0) {
                if (c == '\n' || c == '\r') {
                    return p;
                }
                p++;
            } else {
                p = utf8(p);
            }
        }
    }

    private int ws(int p) {
        final byte[] b = buf;
        while (b[p] == ' ' || b[p] == '\t') {
            p++;
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------------- IRIs

    /** An IRI {@code <...>} at {@code p}; returns the position after '>'. */
    private int iri(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        final byte[] cls = IRI_CLASS;
        int start = p + 1;
        p = start;
        while (true) {
            byte k = cls[b[p] & 0xFF];
            if (k == PLAIN) {
                p++;
            } else if (k == END) {
                break;
            } else if (k == NON_ASCII) {
                p = utf8(p);
            } else if (k == ESCAPE) {
                return iriEscaped(start, p, t);
            } else {
                throw badIriChar(p);
            }
        }
        if (!isAbsolute(b, start, p)) {
            throw relative(start - 1, b, start, p);
        }
        checkTermLength(start - 1, p - start, "an IRI");
        t.setIri(bufView, start, p - start);
        return p + 1;
    }

    /** The rest of an IRI with escapes: decodes it into the scratch buffer. {@code p} is at the first '\'. */
    private int iriEscaped(int start, int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        final byte[] cls = IRI_CLASS;
        final byte[] s = scratch;
        int from = scratchPos;
        int w = from + (p - start);
        System.arraycopy(b, start, s, from, p - start);
        while (true) {
            byte k = cls[b[p] & 0xFF];
            if (k == PLAIN) {
                s[w++] = b[p++];
            } else if (k == END) {
                break;
            } else if (k == NON_ASCII) {
                int q = utf8(p);
                while (p < q) {
                    s[w++] = b[p++];
                }
            } else if (k == ESCAPE) {
                int e = b[p + 1];
                if (e != 'u' && e != 'U') {
                    throw new Fail(p, "only \\u and \\U escapes are allowed in an IRI, not " + escapeText(p));
                }
                p = uchar(p);
                w = putUtf8(s, w, cp);
            } else {
                throw badIriChar(p);
            }
        }
        if (!isAbsolute(s, from, w)) {
            throw relative(start - 1, s, from, w);
        }
        checkTermLength(start - 1, w - from, "an IRI");
        t.setIri(scratchView, from, w - from);
        scratchPos = w;
        return p + 1;
    }

    /** Whether the IRI in {@code a[from, to)} starts with a scheme: {@code ALPHA *(ALPHA / DIGIT / + / - / .) :}. */
    private static boolean isAbsolute(byte[] a, int from, int to) {
        if (from == to || !isAlpha(a[from])) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            byte c = a[i];
            if (c == ':') {
                return true;
            }
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAlpha(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private Fail relative(int at, byte[] a, int from, int to) {
        return new Fail(at, "relative IRI <" + shown(a, from, to) + "> (" + format + " needs absolute IRIs)");
    }

    private Fail badIriChar(int p) {
        int c = buf[p] & 0xFF;
        if (c == '\n' || c == '\r') {
            return new Fail(p, "IRI not closed: the line ends before '>'");
        }
        if (c == ' ') {
            return new Fail(p, "a space is not allowed in an IRI (write it as %20)");
        }
        if (c < 0x20 || c == 0x7F) {
            return new Fail(p, "the control character U+" + hex4(c) + " is not allowed in an IRI");
        }
        return new Fail(p, "the character '" + (char) c + "' is not allowed in an IRI");
    }

    // ----------------------------------------------------------------------------------------- blank nodes

    /** A blank node {@code _:label} at {@code p}; returns the position after the label. */
    private int blankNode(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        if (b[p + 1] != ':') {
            throw new Fail(p, "expected ':' after '_' (a blank node is written _:label)");
        }
        int start = p + 2;
        p = start;
        int c = b[p];
        if (c >= 0) {
            if (!Syntax.LABEL_START[c]) {
                throw new Fail(p, c == '\n' || c == '\r' || c == ' ' || c == '\t' ? "empty blank node label"
                    : "a blank node label must start with a letter, a digit or '_', not '" + (char) c + "'");
            }
            p++;
        } else {
            int q = utf8(p);
            if (!Syntax.isLabelStart(cp)) {
                throw new Fail(p, "a blank node label cannot start with U+" + hex4(cp));
            }
            p = q;
        }
        while (true) {
            c = b[p];
            if (c >= 0) {
                if (!Syntax.LABEL_PART[c]) {
                    break;
                }
                p++;
            } else {
                int q = utf8(p);
                if (!Syntax.isLabelPart(cp)) {
                    break; // the character is not part of the label; what follows decides whether it is an error
                }
                p = q;
            }
        }
        if (b[p] == ':') {
            throw new Fail(p, "':' is not allowed in a blank node label");
        }
        while (b[p - 1] == '.') { // a label does not end with '.': that is the end of the statement
            p--;
        }
        checkTermLength(start - 2, p - start, "a blank node label");
        t.setBlankNode(bufView, start, p - start);
        return p;
    }

    // -------------------------------------------------------------------------------------------- literals

    /** A literal at {@code p} ('"'), with its datatype or language tag if any; returns the position after it. */
    private int literal(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        p = string(p, t);
        int q = ws(p);
        int c = b[q];
        if (c == '^') {
            if (b[q + 1] != '^') {
                throw new Fail(q, "expected '^^' and a datatype IRI");
            }
            q = ws(q + 2);
            if (b[q] != '<' || b[q + 1] == '<') {
                throw new Fail(q, "expected a datatype IRI <...> after '^^'");
            }
            int at = q;
            q = iri(q, datatype);
            if (datatype.buffer() != t.buffer()) {
                if (t.buffer() == bufView) { // the value to the scratch, beside the datatype
                    int from = scratchPos;
                    System.arraycopy(buf, t.valueOffset(), scratch, from, t.valueLength());
                    scratchPos += t.valueLength();
                    t.moveValue(scratchView, from);
                    t.setDatatype(datatype.valueOffset(), datatype.valueLength());
                } else { // the datatype to the scratch, beside the value
                    int from = scratchPos;
                    System.arraycopy(buf, datatype.valueOffset(), scratch, from, datatype.valueLength());
                    scratchPos += datatype.valueLength();
                    t.setDatatype(from, datatype.valueLength());
                }
            } else {
                t.setDatatype(datatype.valueOffset(), datatype.valueLength());
            }
            if (equals(datatype, RDF_LANG_STRING) || equals(datatype, RDF_DIR_LANG_STRING)) {
                throw new Fail(at, "a literal of datatype rdf:" + (datatype.valueLength() == RDF_LANG_STRING.length
                    ? "langString" : "dirLangString") + " needs a language tag: write \"...\"@tag instead");
            }
            return q;
        }
        if (c == '@') {
            return language(q, t);
        }
        return p;
    }

    private static boolean equals(ParsedTerm t, byte[] iri) {
        if (t.valueLength() != iri.length) {
            return false;
        }
        for (int i = iri.length - 1; i >= 0; i--) {
            if (t.buffer().getByte(t.valueOffset() + i) != iri[i]) {
                return false;
            }
        }
        return true;
    }

    /** A language tag at {@code p} ('@'), with an RDF 1.2 direction if any; returns the position after it. */
    private int language(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        int start = p + 1;
        p = start;
        while (isAlpha(b[p])) {
            p++;
        }
        if (p == start) {
            throw new Fail(p, "a language tag must start with a letter");
        }
        if (p - start > MAX_SUBTAG) {
            throw new Fail(start, "the first subtag of a language tag has at most " + MAX_SUBTAG + " letters");
        }
        int end = p;
        byte direction = 0;
        while (b[p] == '-') {
            if (b[p + 1] == '-') { // RDF 1.2 base direction
                int d = p + 2;
                int q = d;
                while (isAlpha(b[q])) {
                    q++;
                }
                if (!(q - d == 3 && (b[d] == 'l' && b[d + 1] == 't' && b[d + 2] == 'r'
                    || b[d] == 'r' && b[d + 1] == 't' && b[d + 2] == 'l'))) {
                    throw new Fail(p, "the base direction after '--' must be ltr or rtl (lower case)");
                }
                direction = b[d] == 'l' ? ParsedTerm.LTR : ParsedTerm.RTL;
                p = q;
                break;
            }
            int s = ++p;
            while (isAlpha(b[p]) || b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == s) {
                throw new Fail(p, "empty subtag in a language tag");
            }
            if (p - s > MAX_SUBTAG) {
                throw new Fail(s, "a language subtag has at most " + MAX_SUBTAG + " letters or digits");
            }
            end = p;
        }
        if (t.buffer() == bufView) {
            t.setLanguage(start, end - start, direction);
        } else { // the value is in the scratch: the tag goes beside it
            int from = scratchPos;
            System.arraycopy(b, start, scratch, from, end - start);
            scratchPos += end - start;
            t.setLanguage(from, end - start, direction);
        }
        return p;
    }

    /** A string {@code "..."} at {@code p}: the lexical form of a literal. Returns the position after '"'. */
    private int string(int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        final byte[] cls = STRING_CLASS;
        int start = p + 1;
        p = start;
        while (true) {
            byte k = cls[b[p] & 0xFF];
            if (k == PLAIN) {
                p++;
            } else if (k == END) {
                break;
            } else if (k == NON_ASCII) {
                p = utf8(p);
            } else if (k == ESCAPE) {
                return stringEscaped(start, p, t);
            } else {
                throw new Fail(p, "string not closed: the line ends before '\"'");
            }
        }
        checkTermLength(start - 1, p - start, "a literal");
        t.setLiteral(bufView, start, p - start);
        return p + 1;
    }

    private int stringEscaped(int start, int p, ParsedTerm t) throws Fail {
        final byte[] b = buf;
        final byte[] cls = STRING_CLASS;
        final byte[] s = scratch;
        int from = scratchPos;
        int w = from + (p - start);
        System.arraycopy(b, start, s, from, p - start);
        while (true) {
            byte k = cls[b[p] & 0xFF];
            if (k == PLAIN) {
                s[w++] = b[p++];
            } else if (k == END) {
                break;
            } else if (k == NON_ASCII) {
                int q = utf8(p);
                while (p < q) {
                    s[w++] = b[p++];
                }
            } else if (k == ESCAPE) {
                int e = b[p + 1];
                byte x;
                switch (e) {
                    case 'u':
                    case 'U':
                        p = uchar(p);
                        w = putUtf8(s, w, cp);
                        continue;
                    case 't':
                        x = '\t';
                        break;
                    case 'b':
                        x = '\b';
                        break;
                    case 'n':
                        x = '\n';
                        break;
                    case 'r':
                        x = '\r';
                        break;
                    case 'f':
                        x = '\f';
                        break;
                    case '"':
                        x = '"';
                        break;
                    case '\'':
                        x = '\'';
                        break;
                    case '\\':
                        x = '\\';
                        break;
                    default:
                        throw new Fail(p, "unknown escape " + escapeText(p) + " (the escapes are \\t \\b \\n \\r \\f"
                            + " \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)");
                }
                s[w++] = x;
                p += 2;
            } else {
                throw new Fail(p, "string not closed: the line ends before '\"'");
            }
        }
        checkTermLength(start - 1, w - from, "a literal");
        t.setLiteral(scratchView, from, w - from);
        scratchPos = w;
        return p + 1;
    }

    // ------------------------------------------------------------------------------------ characters, UTF-8

    /**
     * The escape <code>&#92;uXXXX</code> or <code>&#92;UXXXXXXXX</code> at {@code p}: sets {@link #cp} and returns the
     * position after it. A high surrogate escape directly followed by a low surrogate escape decodes as the pair's
     * character.
     */
    private int uchar(int p) throws Fail {
        final byte[] b = buf;
        int digits = b[p + 1] == 'u' ? 4 : 8;
        long v = 0;
        for (int i = 0; i < digits; i++) {
            int h = HEX[b[p + 2 + i] & 0xFF];
            if (h < 0) {
                throw new Fail(p, "bad escape " + escapeText(p) + ": \\" + (char) b[p + 1] + " needs " + digits
                    + " hex digits");
            }
            v = v << 4 | h;
        }
        int end = p + 2 + digits;
        if (v > 0x10FFFF) {
            throw new Fail(p, "the escape " + new String(b, p, end - p, StandardCharsets.US_ASCII)
                + " is above U+10FFFF, the last Unicode code point");
        }
        if (v >= 0xD800 && v <= 0xDFFF) {
            if (v <= 0xDBFF && b[end] == '\\' && b[end + 1] == 'u') { // a UTF-16 pair written as two escapes
                int low = 0;
                boolean ok = true;
                for (int i = 0; i < 4; i++) {
                    int h = HEX[b[end + 2 + i] & 0xFF];
                    if (h < 0) {
                        ok = false;
                        break;
                    }
                    low = low << 4 | h;
                }
                if (ok && low >= 0xDC00 && low <= 0xDFFF) {
                    cp = Character.toCodePoint((char) v, (char) low);
                    return end + 6;
                }
            }
            throw new Fail(p, "the escape " + new String(b, p, end - p, StandardCharsets.US_ASCII)
                + " is a lone surrogate, not a character");
        }
        cp = (int) v;
        return end;
    }

    /** Validates the UTF-8 sequence at {@code p} (a byte >= 0x80): sets {@link #cp}, returns the position after it. */
    private int utf8(int p) throws Fail {
        final byte[] b = buf;
        int b0 = b[p] & 0xFF;
        if (b0 < 0xC2) {
            throw new Fail(p, b0 < 0xC0 ? "malformed UTF-8: unexpected continuation byte 0x" + hex2(b0)
                : "malformed UTF-8: overlong sequence starting with 0x" + hex2(b0));
        }
        if (b0 < 0xE0) {
            int b1 = b[p + 1] & 0xFF;
            if ((b1 & 0xC0) != 0x80) {
                throw truncated(p, b0);
            }
            cp = (b0 & 0x1F) << 6 | b1 & 0x3F;
            return p + 2;
        }
        if (b0 < 0xF0) {
            int b1 = b[p + 1] & 0xFF;
            if ((b1 & 0xC0) != 0x80) {
                throw truncated(p, b0);
            }
            int b2 = b[p + 2] & 0xFF;
            if ((b2 & 0xC0) != 0x80) {
                throw truncated(p, b0);
            }
            if (b0 == 0xE0 && b1 < 0xA0) {
                throw new Fail(p, "malformed UTF-8: overlong 3-byte sequence");
            }
            if (b0 == 0xED && b1 > 0x9F) {
                throw new Fail(p, "malformed UTF-8: encoded surrogate (U+D800..U+DFFF)");
            }
            cp = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F;
            return p + 3;
        }
        if (b0 < 0xF5) {
            int b1 = b[p + 1] & 0xFF;
            if ((b1 & 0xC0) != 0x80) {
                throw truncated(p, b0);
            }
            int b2 = b[p + 2] & 0xFF;
            if ((b2 & 0xC0) != 0x80) {
                throw truncated(p, b0);
            }
            int b3 = b[p + 3] & 0xFF;
            if ((b3 & 0xC0) != 0x80) {
                throw truncated(p, b0);
            }
            if (b0 == 0xF0 && b1 < 0x90) {
                throw new Fail(p, "malformed UTF-8: overlong 4-byte sequence");
            }
            if (b0 == 0xF4 && b1 > 0x8F) {
                throw new Fail(p, "malformed UTF-8: code point above U+10FFFF");
            }
            cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F;
            return p + 4;
        }
        throw new Fail(p, "malformed UTF-8: byte 0x" + hex2(b0) + " cannot occur in UTF-8");
    }

    private static Fail truncated(int p, int b0) {
        return new Fail(p, "malformed UTF-8: the sequence starting with 0x" + hex2(b0) + " is cut short");
    }

    /** Writes {@code c} as UTF-8 at {@code s[w]}; returns the end. */
    private static int putUtf8(byte[] s, int w, int c) {
        if (c < 0x80) {
            s[w++] = (byte) c;
        } else if (c < 0x800) {
            s[w++] = (byte) (0xC0 | c >> 6);
            s[w++] = (byte) (0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            s[w++] = (byte) (0xE0 | c >> 12);
            s[w++] = (byte) (0x80 | c >> 6 & 0x3F);
            s[w++] = (byte) (0x80 | c & 0x3F);
        } else {
            s[w++] = (byte) (0xF0 | c >> 18);
            s[w++] = (byte) (0x80 | c >> 12 & 0x3F);
            s[w++] = (byte) (0x80 | c >> 6 & 0x3F);
            s[w++] = (byte) (0x80 | c & 0x3F);
        }
        return w;
    }

    /** The escape at {@code p} as text for a message: the backslash and the next few ASCII characters. */
    private String escapeText(int p) {
        StringBuilder out = new StringBuilder("\\");
        int max = buf[p + 1] == 'U' ? 10 : buf[p + 1] == 'u' ? 6 : 2;
        for (int i = p + 1; i < p + max && i < limit; i++) {
            int c = buf[i];
            if (c < 0x21 || c > 0x7E) {
                break;
            }
            out.append((char) c);
        }
        return out.toString();
    }

    private static String shown(byte[] a, int from, int to) {
        String s = new String(a, from, to - from, StandardCharsets.UTF_8);
        return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "...";
    }

    private static String hex2(int b) {
        return String.format(Locale.ROOT, "%02X", b);
    }

    private static String hex4(int c) {
        return String.format(Locale.ROOT, "%04X", c);
    }

    /** Fails at the term starting at {@code termStart} if its {@code length} bytes exceed the term limit. */
    private void checkTermLength(int termStart, int length, String what) throws Fail {
        if (length > maxTermBytes) {
            throw new Fail(termStart, what + " of " + length + " bytes is longer than the term limit of "
                + maxTermBytes + " bytes");
        }
    }

    /** A syntax error at a buffer position, thrown inside a line and turned into an RdfSyntaxException. */
    private static final class Fail extends Exception {
        private static final long serialVersionUID = 1L;
        final int pos;
        final String reason;

        Fail(int pos, String reason) {
            super(reason, null, false, false);
            this.pos = pos;
            this.reason = reason;
        }
    }
}
