package dev.cinnabar.quadstore.io;

import java.util.Random;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/** Random terms, quads and N-Quads lines with nasty content, for round-trip and buffer tests. */
final class RandomTerms {

    private static final String[] NASTY = {
        "\u0000", "\u0001", "\b", "\t", "\n", "\u000B", "\f", "\r", "\u001F", "\"", "\\", "'", "\u007F", "\u0080",
        "\u00E9", "\u07FF", "\u0800", "\u2028", "\uFFFD", "\uFFFE", "\uFFFF", "\uD83D\uDE00", "\uDBFF\uDFFF",
        "\uD800\uDC00", "<", ">", "{", "}", "|", "^", "`", " ", "#", "@", "_:", ".", "a", "Z", "0", "\\u0041",
    };
    private static final String[] LABEL_START = {"a", "Z", "_", "0", "9", "\u00C0", "\u3001", "\uD800\uDC00"};
    private static final String[] LABEL_PART = {"a", "-", ".", "_", "7", "\u00B7", "\u0300", "\u203F", "\u00F8"};

    private RandomTerms() {
    }

    /** A string of random nasty characters (always valid UTF-16: surrogates come in pairs). */
    static String nastyString(Random r, int maxPieces) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) == 0) {
                b.appendCodePoint(randomCodePoint(r));
            } else {
                b.append(NASTY[r.nextInt(NASTY.length)]);
            }
        }
        return b.toString();
    }

    /** Any Unicode scalar value (no surrogates). */
    static int randomCodePoint(Random r) {
        while (true) {
            int cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x3000);
            if (cp < 0xD800 || cp > 0xDFFF) {
                return cp;
            }
        }
    }

    static String label(Random r) {
        StringBuilder b = new StringBuilder(LABEL_START[r.nextInt(LABEL_START.length)]);
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(LABEL_PART[r.nextInt(LABEL_PART.length)]);
        }
        while (b.charAt(b.length() - 1) == '.') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    static String languageTag(Random r) {
        StringBuilder b = new StringBuilder();
        int len = 1 + r.nextInt(8);
        for (int i = 0; i < len; i++) {
            b.append((char) ((r.nextBoolean() ? 'a' : 'A') + r.nextInt(26)));
        }
        int subtags = r.nextInt(3);
        for (int s = 0; s < subtags; s++) {
            b.append('-');
            len = 1 + r.nextInt(8);
            for (int i = 0; i < len; i++) {
                int k = r.nextInt(3);
                b.append(k == 0 ? (char) ('0' + r.nextInt(10)) : (char) ((k == 1 ? 'a' : 'A') + r.nextInt(26)));
            }
        }
        return b.toString();
    }

    static Iri iri(Random r) {
        return new Iri((r.nextBoolean() ? "http://example.org/" : "urn:x-") + nastyString(r, 6));
    }

    static Term subject(Random r) {
        return r.nextInt(3) == 0 ? new BlankNode(label(r)) : iri(r);
    }

    static Term object(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return iri(r);
            case 1:
                return new BlankNode(label(r));
            case 2:
                return Literal.lang(nastyString(r, 12), languageTag(r));
            case 3:
                return Literal.typed(nastyString(r, 12), r.nextBoolean() ? Iri.XSD_STRING : iri(r));
            default:
                return Literal.of(nastyString(r, 20));
        }
    }

    static Quad quad(Random r) {
        Term graph = r.nextInt(3) == 0 ? DefaultGraph.INSTANCE : subject(r);
        return new Quad(graph, subject(r), iri(r), object(r));
    }

    // ------------------------------------------------------------------------------------------ text

    /** A random N-Quads line (without line end): mostly valid, with escapes, comments and some errors. */
    static String line(Random r, boolean quads) {
        switch (r.nextInt(20)) {
            case 0:
                return "# comment " + nastyText(r);
            case 1:
                return r.nextBoolean() ? "" : " \t ";
            case 2:
                return "<rel> <http://example/p> <http://example/o> ."; // error
            case 3:
                return "<http://example/s> <http://example/p> \"bad \\q\" ."; // error
            case 4:
                return "<http://example/s> <http://example/p> " + textLiteral(r) + " " + textIri(r) + " "
                    + textIri(r) + " ."; // five terms: error
            default:
                break;
        }
        StringBuilder b = new StringBuilder();
        b.append(ws(r, false)).append(r.nextInt(3) == 0 ? "_:" + label(r) + " " : textIri(r)).append(ws(r, false))
            .append(textIri(r)).append(ws(r, false));
        switch (r.nextInt(3)) {
            case 0:
                b.append(textIri(r));
                break;
            case 1:
                b.append("_:").append(label(r)).append(' ');
                break;
            default:
                b.append(textLiteral(r));
        }
        if (quads && r.nextBoolean()) {
            b.append(ws(r, false)).append(r.nextBoolean() ? textIri(r) : "_:" + label(r) + " ");
        }
        b.append(ws(r, false)).append('.').append(ws(r, false));
        if (r.nextInt(5) == 0) {
            b.append("# trailing ").append(nastyText(r));
        }
        if (r.nextInt(40) == 0) { // a long line, to cross small buffers
            return "<http://example/s> <http://example/p> \"" + "long ".repeat(200 + r.nextInt(400)) + "\" .";
        }
        return b.toString();
    }

    private static String ws(Random r, boolean required) {
        switch (r.nextInt(4)) {
            case 0:
                return required ? " " : "";
            case 1:
                return "\t";
            case 2:
                return "  ";
            default:
                return " ";
        }
    }

    /** Text without line ends (for comments). */
    private static String nastyText(Random r) {
        return nastyString(r, 8).replace('\n', ' ').replace('\r', ' ');
    }

    private static String textIri(Random r) {
        StringBuilder b = new StringBuilder("<http://example/");
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0:
                    b.append("\\u00E9");
                    break;
                case 1:
                    b.append("\\U0001F600");
                    break;
                case 2:
                    b.append("\u00E9\uD83D\uDE00");
                    break;
                default:
                    b.append((char) ('a' + r.nextInt(26)));
            }
        }
        return b.append('>').toString();
    }

    private static String textLiteral(Random r) {
        StringBuilder b = new StringBuilder("\"");
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(9)) {
                case 0:
                    b.append("\\n\\t\\\"\\\\");
                    break;
                case 1:
                    b.append("\\u0000\\U0010FFFF");
                    break;
                case 2:
                    b.append("\u0000\t\u00E9\uD83D\uDE00");
                    break;
                case 3:
                    b.append("\\uD83D\\uDE00");
                    break;
                default:
                    b.append((char) ('a' + r.nextInt(26)));
            }
        }
        b.append('"');
        switch (r.nextInt(4)) {
            case 0:
                b.append(ws(r, false)).append('@').append(languageTag(r));
                break;
            case 1:
                b.append(ws(r, false)).append("^^").append(ws(r, false)).append(textIri(r));
                break;
            default:
                break;
        }
        return b.toString();
    }
}
