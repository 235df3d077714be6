package dev.cinnabar.quadstore.term;

import java.util.Locale;
import java.util.Objects;

/**
 * An RDF literal: a lexical form with a datatype IRI, a language tag when the datatype is {@code rdf:langString} or
 * {@code rdf:dirLangString}, and a base direction (RDF 1.2, {@code "text"@ar--rtl}) when it is
 * {@code rdf:dirLangString}.
 *
 * <ul>
 *   <li>A language-tagged literal has the datatype {@link Iri#RDF_LANG_STRING} and a non-empty language tag.</li>
 *   <li>A language-tagged literal with a base direction has the datatype {@link Iri#RDF_DIR_LANG_STRING}, a
 *       non-empty language tag and a {@link Direction}.</li>
 *   <li>Every other literal has a datatype other than these two, a null language and a null direction. A literal
 *       written
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
 * @param language    the language tag for {@code rdf:langString} and {@code rdf:dirLangString} (stored in lower
 *                    case), else null
 * @param direction   the base direction for {@code rdf:dirLangString}, else null
 */
public record Literal(String lexicalForm, Iri datatype, String language, Direction direction) implements Term {

    /** The base direction of a directional language-tagged literal (RDF 1.2), written {@code --ltr} or {@code --rtl}. */
    public enum Direction {
        /** Left to right, {@code --ltr}. */
        LTR,
        /** Right to left, {@code --rtl}. */
        RTL;

        /** The direction as written after {@code --}: {@code ltr} or {@code rtl}. */
        public String tag() {
            return this == LTR ? "ltr" : "rtl";
        }
    }

    /**
     * @throws NullPointerException     if {@code lexicalForm} or {@code datatype} is null
     * @throws IllegalArgumentException if the language tag or the direction does not match the datatype: a language
     *                                  without {@code rdf:langString} or {@code rdf:dirLangString}, one of those
     *                                  without a language, an empty language tag, a direction without
     *                                  {@code rdf:dirLangString} or {@code rdf:dirLangString} without a direction
     */
    public Literal {
        Objects.requireNonNull(lexicalForm, "literal lexical form");
        Objects.requireNonNull(datatype, () -> "datatype of the literal \"" + escape(lexicalForm) + "\"");
        boolean dirLangString = datatype.equals(Iri.RDF_DIR_LANG_STRING);
        if (dirLangString != (direction != null)) {
            throw new IllegalArgumentException("literal \"" + escape(lexicalForm) + "\" has the datatype " + datatype
                + (direction == null ? " but no base direction" : " and the base direction " + direction.tag())
                + ", but a literal has a base direction exactly when its datatype is " + Iri.RDF_DIR_LANG_STRING);
        }
        boolean langString = dirLangString || datatype.equals(Iri.RDF_LANG_STRING);
        if (language != null) {
            if (language.isEmpty()) {
                throw new IllegalArgumentException("literal \"" + escape(lexicalForm)
                    + "\" has an empty language tag");
            }
            if (!langString) {
                throw new IllegalArgumentException("literal \"" + escape(lexicalForm) + "\"@" + language
                    + " has the datatype " + datatype + ", but a language-tagged literal must have "
                    + Iri.RDF_LANG_STRING + " or " + Iri.RDF_DIR_LANG_STRING);
            }
            language = language.toLowerCase(Locale.ROOT);
        } else if (langString) {
            throw new IllegalArgumentException("literal \"" + escape(lexicalForm) + "\"^^" + datatype
                + " has no language tag, but the datatype " + datatype + " requires one");
        }
    }

    /**
     * A literal without a base direction: the RDF 1.1 form, kept so that callers of the three-argument constructor
     * keep compiling (ADR-006).
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Literal(String lexicalForm, Iri datatype, String language) {
        this(lexicalForm, datatype, language, null);
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

    /**
     * The directional language-tagged literal {@code "lexicalForm"@language--direction}, of datatype
     * {@code rdf:dirLangString} (RDF 1.2). The tag is kept in lower case.
     *
     * @throws IllegalArgumentException if {@code language} is empty
     */
    public static Literal dirLang(String lexicalForm, String language, Direction direction) {
        Objects.requireNonNull(language, "language tag");
        Objects.requireNonNull(direction, "base direction");
        return new Literal(lexicalForm, Iri.RDF_DIR_LANG_STRING, language, direction);
    }

    /** Whether this literal has a language tag (datatype {@code rdf:langString} or {@code rdf:dirLangString}). */
    public boolean hasLanguage() {
        return language != null;
    }

    /**
     * The literal in N-Triples syntax: {@code "..."}, {@code "..."@lang}, {@code "..."@lang--dir} or
     * {@code "..."^^<datatype>}, with the
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
            if (direction != null) {
                out.append("--").append(direction.tag());
            }
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
