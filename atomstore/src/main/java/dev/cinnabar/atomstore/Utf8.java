package dev.cinnabar.atomstore;

/** Strict UTF-8 encoding of a {@link CharSequence}: an unpaired surrogate is an error, never a '?'. */
final class Utf8 {

    private Utf8() {
    }

    /** The UTF-8 bytes of {@code text}; throws {@link IllegalArgumentException} naming an unpaired surrogate. */
    static byte[] encode(CharSequence text) {
        int length = text.length();
        byte[] out = new byte[encodedLength(text)];
        int o = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >>> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[o++] = (byte) (0xF0 | (cp >>> 18));
                out[o++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[o++] = (byte) (0xE0 | (c >>> 12));
                out[o++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    private static int encodedLength(CharSequence text) {
        int length = text.length();
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= length || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw unpaired(c, i);
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw unpaired(c, i);
            } else {
                bytes += 3;
            }
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("term too long to encode: " + bytes + " UTF-8 bytes");
        }
        return (int) bytes;
    }

    private static IllegalArgumentException unpaired(char c, int index) {
        return new IllegalArgumentException(String.format(
            "term is not valid Unicode: unpaired surrogate U+%04X at char index %d", (int) c, index));
    }
}
