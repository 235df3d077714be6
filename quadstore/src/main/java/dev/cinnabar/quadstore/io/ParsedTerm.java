package dev.cinnabar.quadstore.io;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * One term of the statement that {@link NQuadsParser} is delivering to a {@link StatementSink}: a reusable flyweight
 * over the parser's byte buffers, <b>valid only during that {@link StatementSink#statement} call</b>. The parser
 * overwrites it for the next statement; copy what you keep (or call {@link #toTerm()}).
 *
 * <p>All parts are unescaped, well-formed UTF-8 bytes in {@link #buffer()}, at the offsets given here:
 * <ul>
 *   <li>{@link #IRI}: the value is the IRI without {@code <>} (<code>&#92;u</code> and <code>&#92;U</code> escapes
 *       decoded);</li>
 *   <li>{@link #BLANK_NODE}: the value is the label without {@code _:};</li>
 *   <li>{@link #LITERAL}: the value is the lexical form (escapes decoded); the datatype is the IRI written after
 *       {@code ^^} (length 0 when none was written: a simple or a language-tagged literal); the language is the tag
 *       after {@code @} exactly as written, with no case folding (length 0 when none); the {@link #direction()}
 *       is the RDF 1.2 base direction written after the tag ({@code @ar--rtl}), 0 when none;</li>
 *   <li>{@link #TRIPLE_TERM}: an RDF 1.2 triple term {@code <<( s p o )>>}, whose components are the flyweights
 *       {@link #tripleSubject()}, {@link #triplePredicate()} and {@link #tripleObject()} (valid as long as this
 *       one), and which has no bytes of its own.</li>
 * </ul>
 * The value, datatype and language of one term are always in the same buffer. Different terms of one statement may
 * be in different buffers (the parser points into its input buffer where a term has no escapes, and into a scratch
 * buffer where it has), so always use the buffer of the term at hand.
 *
 * <p>A literal with no datatype and no language has the datatype {@code xsd:string}, exactly as one written with
 * {@code ^^<http://www.w3.org/2001/XMLSchema#string>}; {@link #isXsdString()} is true for both. A literal with a
 * language has the datatype {@code rdf:langString}, which is never written (the parser rejects
 * {@code ^^rdf:langString}).
 */
public final class ParsedTerm {

    /** {@link #kind()} of an IRI. */
    public static final byte IRI = 1;
    /** {@link #kind()} of a blank node. */
    public static final byte BLANK_NODE = 2;
    /** {@link #kind()} of a literal. */
    public static final byte LITERAL = 3;
    /** {@link #kind()} of an RDF 1.2 triple term. */
    public static final byte TRIPLE_TERM = 4;
    /** {@link #direction()} of a literal written {@code @tag--ltr}. */
    public static final byte LTR = 1;
    /** {@link #direction()} of a literal written {@code @tag--rtl}. */
    public static final byte RTL = 2;

    private static final byte[] XSD_STRING = Iri.XSD_STRING.value().getBytes(StandardCharsets.US_ASCII);

    private byte kind;
    private DirectBuffer buffer;
    private int valueOffset;
    private int valueLength;
    private int datatypeOffset;
    private int datatypeLength;
    private int languageOffset;
    private int languageLength;
    private byte direction;
    private ParsedTerm tripleSubject;
    private ParsedTerm triplePredicate;
    private ParsedTerm tripleObject;

    /** An empty term, filled by the parser. */
    ParsedTerm() {
    }

    /** The kind: {@link #IRI}, {@link #BLANK_NODE}, {@link #LITERAL} or {@link #TRIPLE_TERM}. */
    public byte kind() {
        return kind;
    }

    /** The buffer holding this term's value, datatype and language bytes. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** Offset in {@link #buffer()} of the IRI, the blank node label or the lexical form. */
    public int valueOffset() {
        return valueOffset;
    }

    /** Byte length of the IRI, the blank node label or the lexical form (a lexical form may be empty). */
    public int valueLength() {
        return valueLength;
    }

    /** Offset in {@link #buffer()} of a literal's explicit datatype IRI; meaningless when its length is 0. */
    public int datatypeOffset() {
        return datatypeOffset;
    }

    /** Byte length of a literal's explicit datatype IRI: 0 when none was written (and for IRIs and blank nodes). */
    public int datatypeLength() {
        return datatypeLength;
    }

    /** Offset in {@link #buffer()} of a literal's language tag; meaningless when its length is 0. */
    public int languageOffset() {
        return languageOffset;
    }

    /** Byte length of a literal's language tag as written: 0 when it has none (and for IRIs and blank nodes). */
    public int languageLength() {
        return languageLength;
    }

    /** A literal's base direction: {@link #LTR}, {@link #RTL}, or 0 when it has none (and for other terms). */
    public byte direction() {
        return direction;
    }

    /** The subject of a triple term (an IRI or a blank node); null for other terms. */
    public ParsedTerm tripleSubject() {
        return kind == TRIPLE_TERM ? tripleSubject : null;
    }

    /** The predicate of a triple term (an IRI); null for other terms. */
    public ParsedTerm triplePredicate() {
        return kind == TRIPLE_TERM ? triplePredicate : null;
    }

    /** The object of a triple term (an IRI, a blank node, a literal or a triple term); null for other terms. */
    public ParsedTerm tripleObject() {
        return kind == TRIPLE_TERM ? tripleObject : null;
    }

    /** Whether this is a literal with a language tag. */
    public boolean hasLanguage() {
        return languageLength != 0;
    }

    /** Whether this is a literal with an explicitly written datatype IRI (which may be {@code xsd:string}). */
    public boolean hasDatatype() {
        return datatypeLength != 0;
    }

    /**
     * Whether this is a literal of datatype {@code xsd:string}: one written without datatype and language, or with
     * the datatype written as {@code xsd:string}. Both are the same RDF term.
     */
    public boolean isXsdString() {
        if (kind != LITERAL || languageLength != 0) {
            return false;
        }
        if (datatypeLength == 0) {
            return true;
        }
        if (datatypeLength != XSD_STRING.length) {
            return false;
        }
        for (int i = XSD_STRING.length - 1; i >= 0; i--) {
            if (buffer.getByte(datatypeOffset + i) != XSD_STRING[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value (IRI, label or lexical form) as a String. Allocates. */
    public String valueString() {
        return buffer.getStringWithoutLengthUtf8(valueOffset, valueLength);
    }

    /** The explicit datatype IRI as a String, or null when none was written. Allocates. */
    public String datatypeString() {
        return datatypeLength == 0 ? null : buffer.getStringWithoutLengthUtf8(datatypeOffset, datatypeLength);
    }

    /** The language tag as written, or null when there is none. Allocates. */
    public String languageString() {
        return languageLength == 0 ? null : buffer.getStringWithoutLengthUtf8(languageOffset, languageLength);
    }

    /**
     * This term as an immutable {@link Term}, for tests and slow paths (it allocates). A literal without datatype
     * and language has the datatype {@code xsd:string}; one with a language has {@code rdf:langString} (or
     * {@code rdf:dirLangString} with a direction), its tag in lower case as {@link Literal} keeps it.
     */
    public Term toTerm() {
        switch (kind) {
            case IRI:
                return new Iri(valueString());
            case BLANK_NODE:
                return new BlankNode(valueString());
            case LITERAL:
                if (direction != 0) {
                    return Literal.dirLang(valueString(), languageString(),
                        direction == LTR ? Literal.Direction.LTR : Literal.Direction.RTL);
                }
                if (languageLength != 0) {
                    return Literal.lang(valueString(), languageString());
                }
                if (datatypeLength == 0 || isXsdString()) {
                    return Literal.of(valueString());
                }
                return Literal.typed(valueString(), new Iri(datatypeString()));
            case TRIPLE_TERM:
                return tripleTermToTerm();
            default:
                throw new IllegalStateException("no term parsed yet");
        }
    }

    /** A triple term, built from its innermost level out: a loop, however deep the chain of objects. */
    private TripleTerm tripleTermToTerm() {
        int depth = 0;
        ParsedTerm t = this;
        while (t.kind == TRIPLE_TERM) {
            depth++;
            t = t.tripleObject;
        }
        ParsedTerm[] levels = new ParsedTerm[depth];
        t = this;
        for (int i = 0; i < depth; i++) {
            levels[i] = t;
            t = t.tripleObject;
        }
        Term term = t.toTerm();
        for (int i = depth - 1; i >= 0; i--) {
            term = new TripleTerm(levels[i].tripleSubject.toTerm(), (Iri) levels[i].triplePredicate.toTerm(), term);
        }
        return (TripleTerm) term;
    }

    /** The term in N-Triples syntax (allocates). */
    @Override
    public String toString() {
        return kind == 0 ? "(empty)" : toTerm().toString();
    }

    // ------------------------------------------------------------------------------------------- parser side

    void setIri(DirectBuffer buffer, int offset, int length) {
        set(IRI, buffer, offset, length);
    }

    void setBlankNode(DirectBuffer buffer, int offset, int length) {
        set(BLANK_NODE, buffer, offset, length);
    }

    void setLiteral(DirectBuffer buffer, int offset, int length) {
        set(LITERAL, buffer, offset, length);
    }

    void setTripleTerm(ParsedTerm subject, ParsedTerm predicate, ParsedTerm object) {
        set(TRIPLE_TERM, null, 0, 0);
        this.tripleSubject = subject;
        this.triplePredicate = predicate;
        this.tripleObject = object;
    }

    private void set(byte kind, DirectBuffer buffer, int offset, int length) {
        this.kind = kind;
        this.buffer = buffer;
        this.valueOffset = offset;
        this.valueLength = length;
        this.datatypeOffset = 0;
        this.datatypeLength = 0;
        this.languageOffset = 0;
        this.languageLength = 0;
        this.direction = 0;
    }

    void moveValue(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.valueOffset = offset;
    }

    void setDatatype(int offset, int length) {
        this.datatypeOffset = offset;
        this.datatypeLength = length;
    }

    void setLanguage(int offset, int length, byte direction) {
        this.languageOffset = offset;
        this.languageLength = length;
        this.direction = direction;
    }
}
