package dev.cinnabar.quadstore.io;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * Writes quads as N-Quads in canonical form, one line each: {@code s p o g .} and a line feed, or {@code s p o .}
 * (N-Triples) for a quad in the default graph. The output is UTF-8.
 *
 * <p>The form follows the canonical N-Triples rules of RDF 1.2:
 * <ul>
 *   <li>one space between terms and before the {@code .}, nothing at the start of the line, and {@code \n} at the
 *       end;</li>
 *   <li>in a lexical form, U+0008 BS, U+0009 HT, U+000A LF, U+000C FF, U+000D CR, {@code "} and {@code \} as
 *       {@code \b \t \n \f \r \" \\}; the other characters U+0000..U+001F, U+007F DEL, U+FFFE and U+FFFF as
 *       <code>&#92;uXXXX</code> with upper-case hex digits; every other character as itself (UTF-8);</li>
 *   <li>IRIs as they are (no escapes), and the datatype {@code xsd:string} left out;</li>
 *   <li>RDF 1.2 triple terms as {@code <<( s p o )>>}, with one space inside each bracket and between the terms, and
 *       a base direction after the language tag as {@code --ltr} or {@code --rtl}.</li>
 * </ul>
 * Language tags are lower case already: a {@link Literal} keeps them so, as canonical RDF 1.2 writes them.
 *
 * <p>Output written here parses back with {@link NQuadsParser} to equal quads. Terms that have no such N-Quads form
 * are rejected with an {@link IllegalArgumentException} before anything of their line is written: a string with an
 * unpaired surrogate (no UTF-8 form), a blank node label outside the grammar's label syntax, and a language tag
 * outside {@code [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*}. An IRI character that N-Triples does not allow unescaped
 * (controls, space, {@code <>"{}|^`\}) is written as a <code>&#92;uXXXX</code> escape, which the parser reads back;
 * such an IRI is not a valid IRI, but the store accepts it, and this way a dump loses nothing.
 *
 * <p>Output is buffered; {@link #flush()} and {@link #close()} write it out. Not thread-safe.
 */
public final class NQuadsWriter implements Closeable, Flushable {

    private static final int FLUSH_AT = 1 << 16;
    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** ECHAR letter of each ASCII character written as an ECHAR, else 0. */
    private static final byte[] ECHAR = new byte[128];
    /** Whether an ASCII character is written as itself in a lexical form. */
    private static final boolean[] STRING_PLAIN = new boolean[128];
    /** Whether an ASCII character is written as itself in an IRI. */
    private static final boolean[] IRI_PLAIN = new boolean[128];

    static {
        ECHAR['\b'] = 'b';
        ECHAR['\t'] = 't';
        ECHAR['\n'] = 'n';
        ECHAR['\f'] = 'f';
        ECHAR['\r'] = 'r';
        ECHAR['"'] = '"';
        ECHAR['\\'] = '\\';
        for (int c = 0; c < 128; c++) {
            STRING_PLAIN[c] = c >= 0x20 && c != 0x7F && ECHAR[c] == 0;
            IRI_PLAIN[c] = !Syntax.isIriForbiddenAscii(c);
        }
    }

    private final OutputStream out;
    private byte[] buf = new byte[FLUSH_AT + 1024];
    private int pos;
    private boolean closed;

    /**
     * A writer to {@code out}.
     *
     * @param out the output; {@link #close()} closes it
     */
    public NQuadsWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * The quad as one N-Quads line in the form {@link #write} writes, line feed included.
     *
     * @throws IllegalArgumentException if a term has no N-Quads form (see the class comment)
     */
    public static String toNQuads(Quad quad) {
        NQuadsWriter w = new NQuadsWriter(OutputStream.nullOutputStream());
        w.line(quad);
        return new String(w.buf, 0, w.pos, StandardCharsets.UTF_8);
    }

    /**
     * Writes one quad as one line.
     *
     * @throws IllegalArgumentException if a term has no N-Quads form (see the class comment); nothing of the line
     *                                  is written then
     * @throws IOException              if writing to the output fails, or this writer is closed
     */
    public void write(Quad quad) throws IOException {
        Objects.requireNonNull(quad, "quad");
        if (closed) {
            throw new IOException("NQuadsWriter is closed");
        }
        line(quad);
        if (pos >= FLUSH_AT) {
            drain();
        }
    }

    /** Writes out the buffered lines and flushes the output. */
    @Override
    public void flush() throws IOException {
        if (closed) {
            throw new IOException("NQuadsWriter is closed");
        }
        drain();
        out.flush();
    }

    /** Writes out the buffered lines and closes the output. Closing again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
        } finally {
            out.close();
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            int n = pos;
            pos = 0;
            out.write(buf, 0, n);
        }
    }

    /** Appends the line of {@code quad} to the buffer; on an error, takes back what it appended. */
    private void line(Quad quad) {
        int start = pos;
        try {
            term(quad.subject());
            put((byte) ' ');
            term(quad.predicate());
            put((byte) ' ');
            term(quad.object());
            put((byte) ' ');
            if (quad.graph() != DefaultGraph.INSTANCE) {
                term(quad.graph());
                put((byte) ' ');
            }
            put((byte) '.');
            put((byte) '\n');
        } catch (RuntimeException e) {
            pos = start;
            throw e;
        }
    }

    private void term(Term term) {
        if (term instanceof Iri) {
            iri(((Iri) term).value());
        } else if (term instanceof BlankNode) {
            String label = ((BlankNode) term).label();
            if (!Syntax.isBlankNodeLabel(label)) {
                throw new IllegalArgumentException("blank node label '" + label + "' has no N-Triples form: a label"
                    + " is letters, digits, '_', '-', '.' and a few other characters, not starting with '-' or '.'"
                    + " and not ending with '.'");
            }
            put((byte) '_');
            put((byte) ':');
            chars(label, null, false);
        } else if (term instanceof Literal) {
            literal((Literal) term);
        } else if (term instanceof TripleTerm) {
            // the canonical form: one space inside the brackets and between the components; a loop down the chain
            // of objects (a subject or predicate is never a triple term), so any depth is written without recursion
            TripleTerm triple = (TripleTerm) term;
            Term t = triple;
            while (t instanceof TripleTerm level) {
                ascii("<<( ");
                term(level.subject());
                put((byte) ' ');
                term(level.predicate());
                put((byte) ' ');
                t = level.object();
            }
            term(t);
            for (int i = triple.depth(); i > 0; i--) {
                ascii(" )>>");
            }
        } else {
            throw new IllegalArgumentException("cannot write " + term + " as an N-Quads term");
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void iri(String value) {
        put((byte) '<');
        chars(value, value, true);
        put((byte) '>');
    }

    private void literal(Literal literal) {
        String lexical = literal.lexicalForm();
        put((byte) '"');
        ensure(lexical.length() * 6L);
        byte[] b = buf;
        int p = pos;
        int n = lexical.length();
        for (int i = 0; i < n; i++) {
            char c = lexical.charAt(i);
            if (c < 0x80) {
                if (STRING_PLAIN[c]) {
                    b[p++] = (byte) c;
                } else if (ECHAR[c] != 0) {
                    b[p++] = '\\';
                    b[p++] = ECHAR[c];
                } else {
                    p = uchar(b, p, c);
                }
            } else if (c == 0xFFFE || c == 0xFFFF) {
                p = uchar(b, p, c);
            } else {
                int q = utf8(b, p, lexical, i, c, literal);
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
                p = q;
            }
        }
        pos = p;
        put((byte) '"');
        if (literal.language() != null) {
            String tag = literal.language();
            if (!Syntax.isLanguageTag(tag)) {
                throw new IllegalArgumentException("language tag '" + tag + "' of " + literal + " has no N-Triples"
                    + " form: a tag is [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*");
            }
            put((byte) '@');
            ensure(tag.length());
            for (int i = 0; i < tag.length(); i++) {
                buf[pos++] = (byte) tag.charAt(i); // ASCII: checked above
            }
            if (literal.direction() != null) {
                ascii(literal.direction() == Literal.Direction.LTR ? "--ltr" : "--rtl");
            }
        } else if (!literal.datatype().equals(Iri.XSD_STRING)) {
            put((byte) '^');
            put((byte) '^');
            iri(literal.datatype().value());
        }
    }

    /** Writes the characters of {@code s}: as UTF-8, or with {@code iri} escaping those an IRI may not hold. */
    private void chars(String s, Object owner, boolean iri) {
        ensure(s.length() * 6L);
        byte[] b = buf;
        int p = pos;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (!iri || IRI_PLAIN[c]) {
                    b[p++] = (byte) c;
                } else {
                    p = uchar(b, p, c);
                }
            } else {
                int q = utf8(b, p, s, i, c, owner);
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
                p = q;
            }
        }
        pos = p;
    }

    /** Writes the non-ASCII character at {@code s[i]} (a pair if a surrogate) as UTF-8; returns the end. */
    private static int utf8(byte[] b, int p, String s, int i, char c, Object owner) {
        if (c < 0x800) {
            b[p++] = (byte) (0xC0 | c >> 6);
            b[p++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isSurrogate(c)) {
            char low;
            if (!Character.isHighSurrogate(c) || i + 1 >= s.length()
                || !Character.isLowSurrogate(low = s.charAt(i + 1))) {
                throw new IllegalArgumentException("cannot write " + describe(owner) + ": it has an unpaired"
                    + " surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
                    + ", which has no UTF-8 form");
            }
            int cp = Character.toCodePoint(c, low);
            b[p++] = (byte) (0xF0 | cp >> 18);
            b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
            b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[p++] = (byte) (0x80 | cp & 0x3F);
        } else {
            b[p++] = (byte) (0xE0 | c >> 12);
            b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
            b[p++] = (byte) (0x80 | c & 0x3F);
        }
        return p;
    }

    private static String describe(Object owner) {
        if (owner instanceof String) {
            return "the IRI <" + owner + ">";
        }
        return owner == null ? "a blank node label" : String.valueOf(owner);
    }

    /** Writes <code>&#92;uXXXX</code> with upper-case hex digits; returns the end. */
    private static int uchar(byte[] b, int p, int c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX_DIGITS[c >> 12 & 0xF];
        b[p++] = HEX_DIGITS[c >> 8 & 0xF];
        b[p++] = HEX_DIGITS[c >> 4 & 0xF];
        b[p++] = HEX_DIGITS[c & 0xF];
        return p;
    }

    private void put(byte c) {
        ensure(1);
        buf[pos++] = c;
    }

    /** Makes room for {@code bytes} more bytes; a line is never split, so the buffer grows to the longest line. */
    private void ensure(long bytes) {
        if (pos + bytes > buf.length) {
            long size = Math.max(pos + bytes, 2L * buf.length);
            if (size > Integer.MAX_VALUE - 16) {
                if (pos + bytes > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("N-Quads line too long to write: over " + (pos + bytes)
                        + " bytes");
                }
                size = Integer.MAX_VALUE - 16;
            }
            byte[] b = new byte[(int) size];
            System.arraycopy(buf, 0, b, 0, pos);
            buf = b;
        }
    }
}
