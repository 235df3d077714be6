package dev.cinnabar.quadstore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * The canonical byte encoding of a {@link Term} as an atom in the {@link AtomStore} (ADR-006). Every term has exactly
 * one encoding and every encoding exactly one term, so the atom store's byte equality is RDF term equality.
 *
 * <h2>Layout</h2>
 *
 * One kind byte, then the kind's payload. Strings are strict UTF-8 (no replacement characters, no encoded
 * surrogates, shortest form). A varint is unsigned LEB128 (7 bits a byte, low group first, high bit set on every byte
 * but the last) in its shortest form, as the atom store's own length prefix.
 *
 * <table>
 *   <caption>Term encodings</caption>
 *   <tr><th>kind byte</th><th>term</th><th>payload</th></tr>
 *   <tr><td>{@code 0x01}</td><td>IRI</td><td>UTF-8 of the IRI</td></tr>
 *   <tr><td>{@code 0x02}</td><td>blank node</td><td>UTF-8 of the label (not empty)</td></tr>
 *   <tr><td>{@code 0x03}</td><td>literal of datatype {@code xsd:string}</td><td>UTF-8 of the lexical form</td></tr>
 *   <tr><td>{@code 0x04}</td><td>language-tagged literal ({@code rdf:langString})</td>
 *       <td>varint(byte length of the tag, &gt; 0), UTF-8 of the tag as given, UTF-8 of the lexical form</td></tr>
 *   <tr><td>{@code 0x05}</td><td>literal of any other datatype</td>
 *       <td>varint(atom id of the datatype IRI, itself interned as a {@code 0x01} term), UTF-8 of the lexical
 *       form</td></tr>
 *   <tr><td>{@code 0x06}</td><td>the default graph</td><td>none: the atom is the one byte</td></tr>
 *   <tr><td>{@code 0x07}</td><td>RDF 1.2 triple term</td>
 *       <td>varint(subject atom id), varint(predicate atom id), varint(object atom id): the components are interned
 *       first, so the same triple term always has the same encoding</td></tr>
 *   <tr><td>{@code 0x08}</td><td>RDF 1.2 directional language-tagged literal ({@code rdf:dirLangString})</td>
 *       <td>one direction byte ({@code 1} ltr, {@code 2} rtl), then as {@code 0x04}</td></tr>
 * </table>
 *
 * Kind bytes {@code 0x00} and {@code 0x09..0xFF} are not used. {@link #decode} rejects them and every
 * non-canonical encoding: a kind {@code 0x05} atom whose datatype is {@code xsd:string}, {@code rdf:langString} or
 * {@code rdf:dirLangString}, an overlong varint, a varint that runs past the end, an empty language tag or blank node
 * label, a direction byte other than 1 and 2, trailing bytes after the default graph or a triple term's three ids, a
 * triple term whose components are not of kinds their positions allow, and malformed UTF-8.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * int length = codec.encode(term, dt -> atoms.intern(...));   // or atoms.lookup(...) for a read
 * long id = length < 0 ? AtomStore.NO_ATOM : atoms.lookup(codec.scratch(), 0, length);
 * ...
 * atoms.wrapAtom(id, view);
 * Term back = codec.decode(view, 0, view.capacity(), dtId -> ...);
 * }</pre>
 *
 * <p>{@code encode} writes into this codec's scratch buffer, valid until the next {@code encode}; it allocates
 * nothing once the scratch is large enough. {@code decode} allocates only the decoded strings and term objects.
 * The datatype callbacks may use this same codec (to encode or decode the datatype IRI): {@code encode} calls its
 * callback before it writes anything, and {@code decode} calls its callback after it has read everything.
 *
 * <p>Two small direct-mapped caches ({@value #CACHE_SLOTS} slots each) remember datatype IRIs and their atom ids, so
 * that the few datatypes of real data ({@code xsd:integer}, {@code xsd:date}, ...) are not looked up or rebuilt for
 * every literal. Only ids the callbacks returned are cached, never an absent one. Atom ids are stable for as long as
 * an {@code AtomStore} is open, so a codec belongs to one open store; {@link #clearCaches()} forgets them.
 *
 * <p>Not thread-safe: use one codec per thread.
 */
final class TermCodec {

    /** An IRI: UTF-8 of the IRI. */
    static final byte KIND_IRI = 0x01;
    /** A blank node: UTF-8 of the label. */
    static final byte KIND_BLANK_NODE = 0x02;
    /** A literal of datatype xsd:string: UTF-8 of the lexical form. */
    static final byte KIND_STRING = 0x03;
    /** A language-tagged literal: varint(tag bytes), tag, lexical form. */
    static final byte KIND_LANG_STRING = 0x04;
    /** A literal of another datatype: varint(datatype atom id), lexical form. */
    static final byte KIND_TYPED = 0x05;
    /** The default graph: no payload. */
    static final byte KIND_DEFAULT_GRAPH = 0x06;
    /** An RDF 1.2 triple term: three varint atom ids (subject, predicate, object). */
    static final byte KIND_TRIPLE_TERM = 0x07;
    /** An RDF 1.2 directional language-tagged literal: direction byte, then as KIND_LANG_STRING. */
    static final byte KIND_DIR_LANG_STRING = 0x08;

    /** The direction byte of a KIND_DIR_LANG_STRING atom for left to right. */
    static final byte DIRECTION_LTR = 1;
    /** The direction byte of a KIND_DIR_LANG_STRING atom for right to left. */
    static final byte DIRECTION_RTL = 2;

    /** Slots in each datatype cache; a power of two. */
    static final int CACHE_SLOTS = 32;
    private static final int CACHE_SHIFT = 64 - Integer.numberOfTrailingZeros(CACHE_SLOTS);
    /** Longest varint of a long: 10 bytes. */
    private static final int MAX_VARINT_BYTES = 10;
    /** Bytes of malformed input shown in an error message. */
    private static final int ERROR_SHOWN_BYTES = 32;
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

    private byte[] out = new byte[256];
    private final UnsafeBuffer outView = new UnsafeBuffer(out);
    private byte[] in = new byte[256];
    private char[] chars = new char[256];
    /** Where the varint {@link #atomId} read last ends. */
    private int varintEnd;

    private final Iri[] encodeIris = new Iri[CACHE_SLOTS];
    private final long[] encodeIds = new long[CACHE_SLOTS];
    private final long[] decodeIds = new long[CACHE_SLOTS];
    private final Iri[] decodeIris = new Iri[CACHE_SLOTS];

    /** A codec with an empty scratch buffer and empty caches. */
    TermCodec() {
    }

    // ------------------------------------------------------------------------------------------------ encode

    /**
     * Writes the encoding of {@code term} into the scratch buffer, from index 0.
     *
     * @param term       the term
     * @param datatypeId the atom id of a term this one names, or {@link AtomStore#NO_ATOM} if that term is not in
     *                   the store: the datatype IRI of a literal of a datatype other than {@code xsd:string},
     *                   {@code rdf:langString} and {@code rdf:dirLangString} (not called when the datatype's id is
     *                   cached), and the three components of a triple term, in order; not called for other terms.
     *                   It is called before anything is written, so it may use this codec.
     * @return the length of the encoding in {@link #scratch()}, or -1 if {@code datatypeId} returned
     *         {@link AtomStore#NO_ATOM}: the term cannot be in the store
     * @throws IllegalArgumentException if a string of the term holds an unpaired surrogate (no UTF-8 encoding),
     *                                  naming the term, or if {@code datatypeId} returns a negative id
     */
    int encode(Term term, ToLongFunction<Term> datatypeId) {
        if (term instanceof Iri) {
            String value = ((Iri) term).value();
            ensureOut(1 + 3L * value.length());
            out[0] = KIND_IRI;
            return putUtf8(1, value, term, "IRI");
        } else if (term instanceof Literal) {
            return encodeLiteral((Literal) term, datatypeId);
        } else if (term instanceof BlankNode) {
            String label = ((BlankNode) term).label();
            ensureOut(1 + 3L * label.length());
            out[0] = KIND_BLANK_NODE;
            return putUtf8(1, label, term, "label");
        } else if (term instanceof TripleTerm) {
            return encodeTripleTerm((TripleTerm) term, datatypeId);
        } else if (term == DefaultGraph.INSTANCE) {
            out[0] = KIND_DEFAULT_GRAPH;
            return 1;
        }
        throw new NullPointerException("term");
    }

    /** A triple term: its components' ids, all asked for before anything is written (the callback may use us). */
    private int encodeTripleTerm(TripleTerm triple, ToLongFunction<Term> componentId) {
        long s = componentId(triple.subject(), componentId);
        if (s == AtomStore.NO_ATOM) {
            return -1;
        }
        long p = componentId(triple.predicate(), componentId);
        if (p == AtomStore.NO_ATOM) {
            return -1;
        }
        long o = componentId(triple.object(), componentId);
        if (o == AtomStore.NO_ATOM) {
            return -1;
        }
        ensureOut(1 + 3 * MAX_VARINT_BYTES);
        out[0] = KIND_TRIPLE_TERM;
        return putVarint(putVarint(putVarint(1, s), p), o);
    }

    private static long componentId(Term component, ToLongFunction<Term> componentId) {
        long id = componentId.applyAsLong(component);
        if (id < 0) {
            throw new IllegalArgumentException("atom id of the triple term component " + component + " is negative: "
                + id);
        }
        return id;
    }

    private int encodeLiteral(Literal literal, ToLongFunction<Term> datatypeId) {
        String lexical = literal.lexicalForm();
        Iri datatype = literal.datatype();
        if (literal.language() != null) {
            String language = literal.language();
            int languageBytes = utf8Length(language, literal);
            ensureOut(2 + 5 + (long) languageBytes + 3L * lexical.length());
            int p;
            if (literal.direction() != null) {
                out[0] = KIND_DIR_LANG_STRING;
                out[1] = literal.direction() == Literal.Direction.LTR ? DIRECTION_LTR : DIRECTION_RTL;
                p = putVarint(2, languageBytes);
            } else {
                out[0] = KIND_LANG_STRING;
                p = putVarint(1, languageBytes);
            }
            p = putUtf8(p, language, literal, "language tag");
            return putUtf8(p, lexical, literal, "lexical form");
        }
        if (datatype == Iri.XSD_STRING || datatype.equals(Iri.XSD_STRING)) {
            ensureOut(1 + 3L * lexical.length());
            out[0] = KIND_STRING;
            return putUtf8(1, lexical, literal, "lexical form");
        }
        long id = datatypeId(datatype, datatypeId); // before any write: the callback may use this codec
        if (id == AtomStore.NO_ATOM) {
            return -1;
        }
        ensureOut(1 + MAX_VARINT_BYTES + 3L * lexical.length());
        out[0] = KIND_TYPED;
        int p = putVarint(1, id);
        return putUtf8(p, lexical, literal, "lexical form");
    }

    private long datatypeId(Iri datatype, ToLongFunction<Term> datatypeId) {
        int slot = slot(datatype.value().hashCode());
        Iri cached = encodeIris[slot];
        if (cached != null && (cached == datatype || cached.equals(datatype))) {
            return encodeIds[slot];
        }
        long id = datatypeId.applyAsLong(datatype);
        if (id < 0) {
            throw new IllegalArgumentException("datatype atom id of " + datatype + " is negative: " + id);
        }
        if (id != AtomStore.NO_ATOM) {
            encodeIris[slot] = datatype;
            encodeIds[slot] = id;
        }
        return id;
    }

    /**
     * The scratch buffer holding the last encoding at {@code [0, length)}, for {@link AtomStore#intern(DirectBuffer,
     * int, int)} and {@link AtomStore#lookup(DirectBuffer, int, int)}. The same view object is returned every time;
     * it is re-pointed when the scratch grows.
     */
    DirectBuffer scratch() {
        return outView;
    }

    /** The scratch array holding the last encoding at {@code [0, length)}; replaced when the scratch grows. */
    byte[] scratchArray() {
        return out;
    }

    /** Forgets the cached datatype ids, for a codec reused with another store (or after ids changed). */
    void clearCaches() {
        Arrays.fill(encodeIris, null);
        Arrays.fill(encodeIds, 0);
        Arrays.fill(decodeIris, null);
        Arrays.fill(decodeIds, 0);
    }

    private void ensureOut(long bytes) {
        if (bytes > out.length) {
            if (bytes > MAX_ARRAY_BYTES) {
                throw new IllegalArgumentException("term too long to encode: up to " + bytes + " bytes");
            }
            out = new byte[(int) Math.min(MAX_ARRAY_BYTES, Math.max(bytes, 2L * out.length))];
            outView.wrap(out);
        }
    }

    private int putVarint(int p, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /** Writes {@code s} as UTF-8 at {@code out[p]} (room already ensured: 3 bytes a char); returns the end. */
    private int putUtf8(int p, String s, Term term, String part) {
        byte[] b = out;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low;
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(low = s.charAt(i + 1))) {
                    throw unpairedSurrogate(term, part, i, c);
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    private static int utf8Length(String s, Term term) {
        long bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw unpairedSurrogate(term, "language tag", i, c);
                }
                i++;
                bytes += 4;
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("language tag too long to encode in " + term);
        }
        return (int) bytes;
    }

    private static IllegalArgumentException unpairedSurrogate(Term term, String part, int index, char c) {
        return new IllegalArgumentException("cannot encode " + term + " as UTF-8: its " + part
            + " has an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
            + " at char index " + index);
    }

    // ------------------------------------------------------------------------------------------------ decode

    /**
     * The term encoded at {@code bytes[offset, offset + length)}: the exact inverse of {@link #encode}.
     *
     * @param datatypeById the term of an atom id this encoding names: a typed literal's datatype IRI (not called
     *                     when the id is cached) or a triple term's components, in order. Called after the encoding
     *                     has been read, so it may reuse this codec and the buffer.
     * @throws IllegalArgumentException if the bytes are not a canonical encoding of a term (a corrupt atom), with
     *                                  the reason and the first bytes in hex
     */
    Term decode(DirectBuffer bytes, int offset, int length, LongFunction<? extends Term> datatypeById) {
        if (length < 1) {
            throw new IllegalArgumentException("malformed term encoding: " + length + " bytes, no kind byte");
        }
        if (in.length < length) {
            in = new byte[Math.max(length, 2 * in.length)];
        }
        byte[] b = in;
        bytes.getBytes(offset, b, 0, length);
        switch (b[0]) {
            case KIND_IRI:
                return new Iri(utf8(b, 1, length, length, "IRI"));
            case KIND_BLANK_NODE:
                if (length == 1) {
                    throw malformed(b, length, "blank node with an empty label");
                }
                return new BlankNode(utf8(b, 1, length, length, "blank node label"));
            case KIND_STRING:
                return Literal.of(utf8(b, 1, length, length, "lexical form"));
            case KIND_LANG_STRING:
                return decodeLangString(b, 1, length, null);
            case KIND_DIR_LANG_STRING: {
                if (length < 2 || b[1] != DIRECTION_LTR && b[1] != DIRECTION_RTL) {
                    throw malformed(b, length, "directional language-tagged literal with no direction byte 1 (ltr)"
                        + " or 2 (rtl)");
                }
                return decodeLangString(b, 2, length,
                    b[1] == DIRECTION_LTR ? Literal.Direction.LTR : Literal.Direction.RTL);
            }
            case KIND_TYPED:
                return decodeTyped(b, length, datatypeById);
            case KIND_DEFAULT_GRAPH:
                if (length != 1) {
                    throw malformed(b, length, "default graph with " + (length - 1) + " trailing bytes");
                }
                return DefaultGraph.INSTANCE;
            case KIND_TRIPLE_TERM:
                return decodeTripleTerm(b, length, datatypeById);
            default:
                throw malformed(b, length, "unknown kind byte 0x" + hex(b[0]));
        }
    }

    /** A language-tagged literal whose tag length varint is at b[p]. */
    private Literal decodeLangString(byte[] b, int p, int length, Literal.Direction direction) {
        long header = varint(b, p, length, "language tag length");
        p = (int) (header >>> 32);
        long languageBytes = header & 0xFFFFFFFFL;
        if (languageBytes == 0 || languageBytes > length - p) {
            throw malformed(b, length, "language tag length " + languageBytes + " with " + (length - p)
                + " bytes left");
        }
        int languageEnd = p + (int) languageBytes;
        String language = utf8(b, p, languageEnd, length, "language tag");
        if (!language.equals(language.toLowerCase(Locale.ROOT))) {
            throw malformed(b, length, "language tag '" + language + "' is not in lower case");
        }
        String lexical = utf8(b, languageEnd, length, length, "lexical form");
        return direction == null ? new Literal(lexical, Iri.RDF_LANG_STRING, language)
            : Literal.dirLang(lexical, language, direction);
    }

    /**
     * A triple term: all three ids are read before the first callback, which may decode with this codec (and so
     * overwrite {@code in}).
     */
    private Term decodeTripleTerm(byte[] b, int length, LongFunction<? extends Term> termById) {
        long[] ids = new long[3];
        tripleTermIds(b, length, ids);
        Term subject = component(termById, ids[0], "subject");
        Term predicate = component(termById, ids[1], "predicate");
        Term object = component(termById, ids[2], "object");
        return tripleTerm(subject, predicate, object, ids);
    }

    /**
     * The atom ids of the triple term encoded at {@code bytes[offset, offset + length)}, into {@code ids[0..3)}
     * (subject, predicate, object), checked as {@link #decode} checks them. Lets a caller decode a chain of nested
     * triple terms level by level, in a loop, instead of through {@code decode}'s callback.
     *
     * @throws IllegalArgumentException if the bytes are no canonical triple term encoding
     */
    void tripleTermIds(DirectBuffer bytes, int offset, int length, long[] ids) {
        if (in.length < length) {
            in = new byte[Math.max(length, 2 * in.length)];
        }
        bytes.getBytes(offset, in, 0, length);
        if (length < 1 || in[0] != KIND_TRIPLE_TERM) {
            throw malformed(in, length, "not a triple term");
        }
        tripleTermIds(in, length, ids);
    }

    private void tripleTermIds(byte[] b, int length, long[] ids) {
        ids[0] = atomId(b, 1, length, "triple term subject");
        ids[1] = atomId(b, varintEnd, length, "triple term predicate");
        ids[2] = atomId(b, varintEnd, length, "triple term object");
        if (varintEnd != length) {
            throw malformed(b, length, "triple term with " + (length - varintEnd) + " trailing bytes");
        }
    }

    /**
     * The triple term of decoded components whose atoms are {@code ids}, checking their kinds.
     *
     * @throws IllegalArgumentException naming the atoms if a component's kind does not fit its position
     */
    static TripleTerm tripleTerm(Term subject, Term predicate, Term object, long[] ids) {
        if (!(predicate instanceof Iri)) {
            throw new IllegalArgumentException("malformed term encoding: the predicate of a triple term, atom "
                + ids[1] + ", is " + predicate + ", not an IRI");
        }
        try {
            return new TripleTerm(subject, (Iri) predicate, object);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed term encoding: triple term of atoms " + ids[0] + ", "
                + ids[1] + ", " + ids[2] + ": " + e.getMessage(), e);
        }
    }

    private static Term component(LongFunction<? extends Term> termById, long id, String position) {
        Term term = termById.apply(id);
        if (term == null) {
            throw new IllegalArgumentException("malformed term encoding: the " + position + " of a triple term, atom "
                + id + ", resolves to no term");
        }
        return term;
    }

    /**
     * An atom id varint at b[p] (shortest form, up to 64 bits: ids with bit 63 set are reserved for inline values,
     * ADR-006, not 0); sets {@link #varintEnd} to the position after it.
     */
    private long atomId(byte[] b, int p, int length, String what) {
        long id = 0;
        int start = p;
        for (int shift = 0; ; shift += 7) {
            if (p >= length) {
                throw malformed(b, length, what + " atom id runs past the end");
            }
            byte x = b[p++];
            if (shift == 63 && (x & 0x7E) != 0) {
                throw malformed(b, length, what + " atom id overflows 64 bits");
            }
            id |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                if (x == 0 && p - start > 1) {
                    throw malformed(b, length, "overlong varint for the " + what + " atom id");
                }
                if (id == 0) {
                    throw malformed(b, length, what + " atom id 0");
                }
                varintEnd = p;
                return id;
            }
            if (shift == 63) {
                throw malformed(b, length, what + " atom id varint longer than 10 bytes");
            }
        }
    }

    private Term decodeTyped(byte[] b, int length, LongFunction<? extends Term> datatypeById) {
        long id = atomId(b, 1, length, "datatype");
        int p = varintEnd;
        if (id < 0) {
            throw malformed(b, length, "datatype atom id " + Long.toUnsignedString(id));
        }
        String lexical = utf8(b, p, length, length, "lexical form"); // before the callback, which may reuse `in`
        Iri datatype = datatype(id, datatypeById);
        if (datatype == null) {
            throw new IllegalArgumentException("malformed term encoding: datatype atom id " + id
                + " of the literal \"" + lexical + "\" resolves to no IRI");
        }
        if (datatype.equals(Iri.XSD_STRING) || datatype.equals(Iri.RDF_LANG_STRING)
            || datatype.equals(Iri.RDF_DIR_LANG_STRING)) {
            throw new IllegalArgumentException("malformed term encoding: typed literal (kind 0x05) with datatype "
                + datatype + " (atom " + id + "), which has its own kind");
        }
        return new Literal(lexical, datatype, null);
    }

    private Iri datatype(long id, LongFunction<? extends Term> datatypeById) {
        int slot = slot(Long.hashCode(id));
        if (decodeIds[slot] == id) {
            return decodeIris[slot];
        }
        Term term = datatypeById.apply(id);
        if (term != null && !(term instanceof Iri)) {
            throw new IllegalArgumentException("malformed term encoding: the datatype of a typed literal, atom " + id
                + ", is " + term + ", not an IRI");
        }
        Iri datatype = (Iri) term;
        if (datatype != null) {
            decodeIds[slot] = id;
            decodeIris[slot] = datatype;
        }
        return datatype;
    }

    /** A varint (int-sized, shortest form) at b[p]: (end << 32) | value. */
    private static long varint(byte[] b, int p, int length, String what) {
        int value = 0;
        int start = p;
        for (int shift = 0; ; shift += 7) {
            if (p >= length) {
                throw malformed(b, length, what + " runs past the end");
            }
            byte x = b[p++];
            if (shift == 28 && (x & 0xF8) != 0) {
                throw malformed(b, length, what + " exceeds 2^31 - 1");
            }
            value |= (x & 0x7F) << shift;
            if (x >= 0) {
                if (x == 0 && p - start > 1) {
                    throw malformed(b, length, "overlong varint for the " + what);
                }
                return ((long) p << 32) | value;
            }
        }
    }

    private static int slot(int hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> CACHE_SHIFT);
    }

    /** Strict UTF-8 of b[from, to); {@code length} is the whole encoding's, for error messages. */
    private String utf8(byte[] b, int from, int to, int length, String what) {
        int i = from;
        while (i < to && b[i] >= 0) {
            i++;
        }
        if (i == to) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1); // all ASCII: a plain copy
        }
        if (chars.length < to - from) {
            chars = new char[Math.max(to - from, 2 * chars.length)];
        }
        char[] c = chars;
        int n = 0;
        for (int k = from; k < i; k++) {
            c[n++] = (char) b[k];
        }
        while (i < to) {
            int b0 = b[i];
            if (b0 >= 0) {
                c[n++] = (char) b0;
                i++;
                continue;
            }
            b0 &= 0xFF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                int b1 = continuation(b, i, 1, to, 0x80, 0xBF, length, what);
                c[n++] = (char) (((b0 & 0x1F) << 6) | (b1 & 0x3F));
                i += 2;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                // E0: no overlongs (A0..BF); ED: no surrogates (80..9F)
                int b1 = continuation(b, i, 1, to, b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF, length, what);
                int b2 = continuation(b, i, 2, to, 0x80, 0xBF, length, what);
                c[n++] = (char) (((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F));
                i += 3;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                // F0: no overlongs (90..BF); F4: not above U+10FFFF (80..8F)
                int b1 = continuation(b, i, 1, to, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF, length, what);
                int b2 = continuation(b, i, 2, to, 0x80, 0xBF, length, what);
                int b3 = continuation(b, i, 3, to, 0x80, 0xBF, length, what);
                int cp = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
                c[n++] = Character.highSurrogate(cp);
                c[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                throw malformed(b, length, "invalid UTF-8 byte 0x" + hex((byte) b0) + " at byte " + i + " (in the "
                    + what + ")");
            }
        }
        return new String(c, 0, n);
    }

    private static int continuation(byte[] b, int i, int k, int to, int min, int max, int length, String what) {
        if (i + k >= to) {
            throw malformed(b, length, "truncated UTF-8 sequence at byte " + i + " (in the " + what + ")");
        }
        int x = b[i + k] & 0xFF;
        if (x < min || x > max) {
            throw malformed(b, length, "invalid UTF-8 sequence at byte " + i + " (in the " + what + ")");
        }
        return x;
    }

    private static IllegalArgumentException malformed(byte[] b, int length, String reason) {
        StringBuilder message = new StringBuilder("malformed term encoding (").append(length).append(" bytes: ");
        int shown = Math.min(length, ERROR_SHOWN_BYTES);
        for (int i = 0; i < shown; i++) {
            message.append(i == 0 ? "" : " ").append(hex(b[i]));
        }
        if (shown < length) {
            message.append(" ...");
        }
        return new IllegalArgumentException(message.append("): ").append(reason).toString());
    }

    private static String hex(byte b) {
        return String.format("%02X", b & 0xFF);
    }
}
