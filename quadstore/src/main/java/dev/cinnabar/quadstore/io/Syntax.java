package dev.cinnabar.quadstore.io;

/**
 * Character classes of the N-Triples / N-Quads grammar, shared by the parser and the writer.
 */
final class Syntax {

    /** Byte classes of {@link #IRI_CLASS} and {@link #STRING_CLASS}. */
    static final byte PLAIN = 0;
    static final byte END = 1;
    static final byte ESCAPE = 2;
    static final byte NON_ASCII = 3;
    static final byte BAD = 4;

    /**
     * Class of each byte inside {@code <...>}: {@link #PLAIN}, {@link #END} ({@code >}), {@link #ESCAPE}
     * ({@code \}), {@link #NON_ASCII} or {@link #BAD} (controls, space, {@code <"{}|^`}, and the line ends).
     */
    static final byte[] IRI_CLASS = new byte[256];
    /**
     * Class of each byte inside {@code "..."}: {@link #PLAIN}, {@link #END} ({@code "}), {@link #ESCAPE}
     * ({@code \}), {@link #NON_ASCII} or {@link #BAD} (LF and CR).
     */
    static final byte[] STRING_CLASS = new byte[256];
    /** Value of each hex digit byte, else -1. */
    static final byte[] HEX = new byte[256];
    /** ASCII bytes that may start a blank node label: {@code [A-Za-z0-9_]}. */
    static final boolean[] LABEL_START = new boolean[128];
    /** ASCII bytes that may continue a blank node label: {@code [A-Za-z0-9_.-]}. */
    static final boolean[] LABEL_PART = new boolean[128];

    static {
        for (int c = 0; c < 256; c++) {
            HEX[c] = -1;
            if (c >= 0x80) {
                IRI_CLASS[c] = NON_ASCII;
                STRING_CLASS[c] = NON_ASCII;
                continue;
            }
            IRI_CLASS[c] = c == '>' ? END : c == '\\' ? ESCAPE : isIriForbiddenAscii(c) ? BAD : PLAIN;
            STRING_CLASS[c] = c == '"' ? END : c == '\\' ? ESCAPE : c == '\n' || c == '\r' ? BAD : PLAIN;
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            LABEL_START[c] = alnum || c == '_';
            LABEL_PART[c] = alnum || c == '_' || c == '-' || c == '.';
        }
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private Syntax() {
    }

    /** Whether an ASCII character may not appear unescaped in an IRIREF: controls, space, {@code <>"{}|^`\}. */
    static boolean isIriForbiddenAscii(int c) {
        return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^'
            || c == '`' || c == '\\';
    }

    /** PN_CHARS_BASE of the grammar (non-ASCII part included). */
    static boolean isPnCharsBase(int cp) {
        if (cp < 0x80) {
            return cp >= 'A' && cp <= 'Z' || cp >= 'a' && cp <= 'z';
        }
        return cp >= 0xC0 && cp <= 0xD6 || cp >= 0xD8 && cp <= 0xF6 || cp >= 0xF8 && cp <= 0x2FF
            || cp >= 0x370 && cp <= 0x37D || cp >= 0x37F && cp <= 0x1FFF || cp >= 0x200C && cp <= 0x200D
            || cp >= 0x2070 && cp <= 0x218F || cp >= 0x2C00 && cp <= 0x2FEF || cp >= 0x3001 && cp <= 0xD7FF
            || cp >= 0xF900 && cp <= 0xFDCF || cp >= 0xFDF0 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0xEFFFF;
    }

    /** PN_CHARS_U or a digit: what may start a blank node label. */
    static boolean isLabelStart(int cp) {
        return cp < 0x80 ? LABEL_START[cp] : isPnCharsBase(cp);
    }

    /** PN_CHARS or {@code .}: what may continue a blank node label (the last character may not be {@code .}). */
    static boolean isLabelPart(int cp) {
        return cp < 0x80 ? LABEL_PART[cp]
            : cp == 0xB7 || cp >= 0x300 && cp <= 0x36F || cp == 0x203F || cp == 0x2040 || isPnCharsBase(cp);
    }

    /** The longest subtag of a language tag (BCP 47: 8 characters). */
    static final int MAX_SUBTAG = 8;

    /**
     * Whether {@code tag} is a language tag the parser accepts: subtags of 1 to {@value #MAX_SUBTAG} ASCII letters
     * and digits separated by {@code -}, the first of letters only ({@code [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*}).
     */
    static boolean isLanguageTag(CharSequence tag) {
        int n = tag.length();
        int run = 0;
        boolean first = true;
        for (int i = 0; i < n; i++) {
            char c = tag.charAt(i);
            if (c == '-') {
                if (run == 0) {
                    return false;
                }
                first = false;
                run = 0;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9') {
                if (++run > MAX_SUBTAG) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return run > 0;
    }

    /** Whether {@code label} is a valid blank node label (without {@code _:}). */
    static boolean isBlankNodeLabel(String label) {
        int n = label.length();
        if (n == 0) {
            return false;
        }
        int i = 0;
        int last = -1;
        while (i < n) {
            int cp = label.codePointAt(i);
            if (Character.isSurrogate((char) cp)) {
                return false; // unpaired
            }
            if (i == 0 ? !isLabelStart(cp) : !isLabelPart(cp)) {
                return false;
            }
            last = cp;
            i += Character.charCount(cp);
        }
        return last != '.';
    }
}
