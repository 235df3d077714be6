package dev.cinnabar.quadstore.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TermTest {

    private static final Iri XSD_INTEGER = new Iri(Iri.XSD + "integer");

    @Test
    void iriRejectsNullButTakesAnyString() {
        assertThrows(NullPointerException.class, () -> new Iri(null));
        assertEquals("", new Iri("").value());
        assertEquals("not an IRI at all", new Iri("not an IRI at all").value());
        assertEquals(new Iri("http://example.org/a"), new Iri("http://example.org/a"));
    }

    @Test
    void constants() {
        assertEquals("http://www.w3.org/2001/XMLSchema#string", Iri.XSD_STRING.value());
        assertEquals("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", Iri.RDF_LANG_STRING.value());
    }

    @Test
    void blankNodeRejectsNullAndEmpty() {
        assertThrows(NullPointerException.class, () -> new BlankNode(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BlankNode(""));
        assertTrue(e.getMessage().contains("blank node"), e.getMessage());
        assertEquals("_:b0", new BlankNode("b0").toString());
    }

    @Test
    void literalFactories() {
        Literal plain = Literal.of("abc");
        assertEquals(Iri.XSD_STRING, plain.datatype());
        assertNull(plain.language());
        assertFalse(plain.hasLanguage());
        assertEquals(plain, Literal.typed("abc", Iri.XSD_STRING));
        assertEquals(plain, new Literal("abc", new Iri(Iri.XSD + "string"), null));

        Literal lang = Literal.lang("chat", "fr");
        assertEquals(Iri.RDF_LANG_STRING, lang.datatype());
        assertEquals("fr", lang.language());
        assertTrue(lang.hasLanguage());

        Literal typed = Literal.typed("5", XSD_INTEGER);
        assertEquals(XSD_INTEGER, typed.datatype());
        assertNull(typed.language());
        assertEquals("", Literal.of("").lexicalForm());
    }

    @Test
    void languageTagsAreCaseInsensitiveAndLexicalFormsAreKeptAsGiven() {
        assertEquals("en-gb", Literal.lang("a", "en-GB").language());
        assertEquals(Literal.lang("a", "en"), Literal.lang("a", "EN"));
        assertEquals(Literal.lang("a", "en"), new Literal("a", Iri.RDF_LANG_STRING, "EN"));
        assertNotEquals(Literal.typed("1", XSD_INTEGER), Literal.typed("01", XSD_INTEGER));
        assertNotEquals(Literal.of("x"), Literal.lang("x", "en"));
        assertNotEquals((Term) Literal.of("x"), new Iri("x"));
        assertEquals(Literal.typed("x", XSD_INTEGER), Literal.typed("x", XSD_INTEGER)); // ill-typed is allowed
    }

    @Test
    void literalValidationNamesTheTerm() {
        IllegalArgumentException noLang = assertThrows(IllegalArgumentException.class,
            () -> Literal.typed("chat", Iri.RDF_LANG_STRING));
        assertTrue(noLang.getMessage().contains("\"chat\""), noLang.getMessage());
        assertTrue(noLang.getMessage().contains("langString"), noLang.getMessage());

        IllegalArgumentException emptyLang = assertThrows(IllegalArgumentException.class,
            () -> Literal.lang("chat", ""));
        assertTrue(emptyLang.getMessage().contains("\"chat\"") && emptyLang.getMessage().contains("empty"),
            emptyLang.getMessage());

        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
            () -> new Literal("5", XSD_INTEGER, "en"));
        assertTrue(wrongType.getMessage().contains("\"5\"@en") && wrongType.getMessage().contains("integer"),
            wrongType.getMessage());

        assertThrows(NullPointerException.class, () -> Literal.of(null));
        assertThrows(NullPointerException.class, () -> Literal.typed("x", null));
        assertThrows(NullPointerException.class, () -> Literal.lang("x", null));
    }

    @Test
    void directionalLiterals() {
        Literal rtl = Literal.dirLang("a", "AR", Literal.Direction.RTL);
        assertEquals(Iri.RDF_DIR_LANG_STRING, rtl.datatype());
        assertEquals("ar", rtl.language());
        assertEquals(Literal.Direction.RTL, rtl.direction());
        assertTrue(rtl.hasLanguage());
        assertEquals("\"a\"@ar--rtl", rtl.toString());
        assertEquals("\"a\"@en--ltr", Literal.dirLang("a", "en", Literal.Direction.LTR).toString());
        assertNotEquals(rtl, Literal.dirLang("a", "ar", Literal.Direction.LTR));
        assertNotEquals(rtl, Literal.lang("a", "ar"));
        assertNull(Literal.lang("a", "ar").direction());
        assertEquals(rtl, new Literal("a", Iri.RDF_DIR_LANG_STRING, "ar", Literal.Direction.RTL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Literal("a", Iri.RDF_DIR_LANG_STRING, "ar"));
        assertTrue(e.getMessage().contains("no base direction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new Literal("a", Iri.RDF_LANG_STRING, "ar", Literal.Direction.LTR));
        assertTrue(e.getMessage().contains("base direction ltr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new Literal("a", Iri.RDF_DIR_LANG_STRING, null, Literal.Direction.LTR));
        assertTrue(e.getMessage().contains("no language tag"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Literal.dirLang("a", "", Literal.Direction.LTR));
    }

    @Test
    void tripleTermsCompareByComponents() {
        Iri s = new Iri("http://example.org/s");
        Iri p = new Iri("http://example.org/p");
        TripleTerm a = new TripleTerm(s, p, Literal.lang("x", "EN"));
        assertEquals(a, new TripleTerm(s, p, Literal.lang("x", "en")));
        assertNotEquals(a, new TripleTerm(s, p, Literal.lang("x", "de")));
        assertEquals("<<( <http://example.org/s> <http://example.org/p> <<( _:b <http://example.org/p> \"x\"@en )>> )>>",
            new TripleTerm(s, p, new TripleTerm(new BlankNode("b"), p, Literal.lang("x", "en"))).toString());
    }

    @Test
    void toStringIsNTriples() {
        assertEquals("<http://example.org/a>", new Iri("http://example.org/a").toString());
        assertEquals("\"abc\"", Literal.of("abc").toString());
        assertEquals("\"abc\"", Literal.typed("abc", Iri.XSD_STRING).toString());
        assertEquals("\"chat\"@fr", Literal.lang("chat", "fr").toString());
        assertEquals("\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>", Literal.typed("5", XSD_INTEGER).toString());
        assertEquals("DEFAULT", DefaultGraph.INSTANCE.toString());
    }

    @Test
    void toStringEscapes() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\u0009f\\u0000g\\u007F\"",
            Literal.of("a\"b\\c\nd\re\tf\u0000g\u007F").toString());
        assertEquals("\"caf\u00e9 \uD83D\uDE00\"", Literal.of("caf\u00e9 \uD83D\uDE00").toString());
        assertEquals("\"x\\uD800y\"", Literal.of("x\uD800y").toString());
        assertEquals("\"\\uDC00\"", Literal.of("\uDC00").toString());
        assertEquals("<http://e.org/a\\u0020b\\u003Ec\\u005C>", new Iri("http://e.org/a b>c\\").toString());
    }

    @Test
    void defaultGraphIsOneValue() {
        assertSame(DefaultGraph.INSTANCE, DefaultGraph.valueOf("INSTANCE"));
        Term term = DefaultGraph.INSTANCE;
        assertTrue(term instanceof DefaultGraph);
    }
}
