package dev.cinnabar.quadstore.term;

import java.util.Objects;

/**
 * An IRI, kept exactly as given. Its syntax is not checked here: parsers validate, and a store takes any string.
 *
 * @param value the IRI, not null
 */
public record Iri(String value) implements Term {

    /** The namespace of the XML Schema datatypes. */
    public static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    /** The RDF namespace. */
    public static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /** {@code xsd:string}: the datatype of literals without a language tag that have no other datatype. */
    public static final Iri XSD_STRING = new Iri(XSD + "string");
    /** {@code rdf:langString}: the datatype of every language-tagged literal. */
    public static final Iri RDF_LANG_STRING = new Iri(RDF + "langString");
    /** {@code rdf:dirLangString}: the datatype of every language-tagged literal with a base direction (RDF 1.2). */
    public static final Iri RDF_DIR_LANG_STRING = new Iri(RDF + "dirLangString");
    /** {@code rdf:type}: the predicate whose objects are classes. */
    public static final Iri RDF_TYPE = new Iri(RDF + "type");

    /** @throws NullPointerException if {@code value} is null */
    public Iri {
        Objects.requireNonNull(value, "IRI value");
    }

    /**
     * The IRI in N-Triples syntax, {@code <...>}. Characters an N-Triples IRI cannot hold (controls, space,
     * {@code <>"{}|^`\}) and unpaired surrogates are escaped as <code>&#92;uXXXX</code>.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(value.length() + 2).append('<');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^'
                || c == '`' || c == '\\' || isUnpairedSurrogate(value, i)) {
                appendUchar(out, c);
            } else {
                out.append(c);
            }
        }
        return out.append('>').toString();
    }

    /** Appends {@code c} as an N-Triples <code>&#92;uXXXX</code> escape (upper-case hex). */
    static void appendUchar(StringBuilder out, char c) {
        out.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            out.append(Character.toUpperCase(Character.forDigit((c >> shift) & 0xF, 16)));
        }
    }

    /** Whether {@code s.charAt(i)} is a surrogate that is not half of a well-formed pair. */
    static boolean isUnpairedSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
