package dev.cinnabar.quadstore.term;

import java.util.Locale;
import java.util.Objects;

/**
 * An RDF 1.1 literal: a lexical form with a datatype IRI, and a language tag when the datatype is
 * {@code rdf:langString}.
 *
 * <ul>
 *   <li>A language-tagged literal has the datatype {@link Iri#RDF_LANG_STRING} and a non-empty language tag.</li>
 *   <li>Every other literal has a datatype other than {@code rdf:langString} and a null language. A literal written
 *       without a datatype (a simple literal) has {@link Iri#XSD_STRING}, so {@code Literal.of("a")} and
 *       {@code Literal.typed("a", Iri.XSD_STRING)} are the same term.</li>
 * </ul>
 *
 * <p>Language tags are case-insensitive in RDF, so a tag is kept in lower case (the canonical form of RDF 1.2):
 * {@code "a"@EN} and {@code "a"@en} are the same term. Nothing else is normalized or checked against its datatype:
 * the lexical form is kept exactly as given ({@code "1"^^xsd:integer} and {@code "01"^^xsd:integer} are different
 * terms), and ill-typed literals such as {@code "x"^^xsd:integer} are allowed, as RDF allows them.
 *
 * @param lexicalForm the lexical form, not null (may be empty)
 * @param datatype    the datatype IRI, not null
 * @param language    the language tag for {@code rdf:langString} (stored in lower case), else null
 */
public record Literal(String lexicalForm, Iri datatype, String language) implements Term {

    /**
     * @throws NullPointerException     if {@code lexicalForm} or {@code datatype} is null
     * @throws IllegalArgumentException if the language tag does not match the datatype: a language without
     *                                  {@code rdf:langString}, {@code rdf:langString} without a language, or an empty
     *                                  language tag
     */
    public Literal {
        Objects.requireNonNull(lexicalForm, "literal lexical form");
        Objects.requireNonNull(datatype, () -> "datatype of the literal \"" + escape(lexicalForm) + "\"");
        boolean langString = datatype.equals(Iri.RDF_LANG_STRING);
        if (language != null) {
            if (language.isEmpty()) {
                throw new IllegalArgumentException("literal \"" + escape(lexicalForm)
                    + "\" has an empty language tag");
            }
            if (!langString) {
                throw new IllegalArgumentException("literal \"" + escape(lexicalForm) + "\"@" + language
                    + " has the datatype " + datatype + ", but a language-tagged literal must have "
                    + Iri.RDF_LANG_STRING);
            }
            language = language.toLowerCase(Locale.ROOT);
        } else if (langString) {
            throw new IllegalArgumentException("literal \"" + escape(lexicalForm) + "\"^^" + datatype
                + " has no language tag, but the datatype " + Iri.RDF_LANG_STRING + " requires one");
        }
    }

    /** The simple literal {@code "lexicalForm"}, of datatype {@code xsd:string}. */
    public static Literal of(String lexicalForm) {
        return new Literal(lexicalForm, Iri.XSD_STRING, null);
    }

    /**
     * The literal {@code "lexicalForm"^^<datatype>}.
     *
     * @throws IllegalArgumentException if {@code datatype} is {@code rdf:langString} (use {@link #lang})
     */
    public static Literal typed(String lexicalForm, Iri datatype) {
        return new Literal(lexicalForm, datatype, null);
    }

    /**
     * The language-tagged literal {@code "lexicalForm"@language}, of datatype {@code rdf:langString}. The tag is
     * kept in lower case.
     *
     * @throws IllegalArgumentException if {@code language} is empty
     */
    public static Literal lang(String lexicalForm, String language) {
        Objects.requireNonNull(language, "language tag");
        return new Literal(lexicalForm, Iri.RDF_LANG_STRING, language);
    }

    /** Whether this literal has a language tag (datatype {@code rdf:langString}). */
    public boolean hasLanguage() {
        return language != null;
    }

    /**
     * The literal in N-Triples syntax: {@code "..."}, {@code "..."@lang} or {@code "..."^^<datatype>}, with the
     * {@code ^^<xsd:string>} of a simple literal left out. In the lexical form {@code " \ LF CR} are written as
     * {@code \" \\ \n \r}, other control characters and unpaired surrogates as <code>&#92;uXXXX</code>.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(lexicalForm.length() + 2);
        out.append('"');
        appendEscaped(out, lexicalForm);
        out.append('"');
        if (language != null) {
            out.append('@').append(language);
        } else if (!datatype.equals(Iri.XSD_STRING)) {
            out.append("^^").append(datatype);
        }
        return out.toString();
    }

    private static String escape(String lexicalForm) {
        StringBuilder out = new StringBuilder(lexicalForm.length());
        appendEscaped(out, lexicalForm);
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F || Iri.isUnpairedSurrogate(s, i)) {
                        Iri.appendUchar(out, c);
                    } else {
                        out.append(c);
                    }
            }
        }
    }
}
