package dev.cinnabar.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The RDF terms of an N-Triples file ({@code .nt}, or gzipped {@code .nt.gz}), in their N-Triples surface form as
 * UTF-8 bytes: {@code <http://...>}, {@code _:b1}, {@code "abc"}, {@code "abc"@en},
 * {@code "5"^^<http://www.w3.org/2001/XMLSchema#integer>}.
 *
 * <p>A small hand-written tokenizer, not a validating parser: an IRI runs to the next {@code >} (so the relative
 * IRI {@code <>} is a term like any other), a literal to the next unescaped {@code "} (a backslash escapes the byte
 * after it, so {@code \"} stays inside), followed by an optional {@code @lang} or {@code ^^<datatype>}, a blank node
 * to the next white space (a trailing {@code .} is not part of its label). Escapes are kept as written, not decoded.
 * Blank lines and {@code #} comment lines are skipped; anything else that is not three terms and a {@code .} is an
 * {@link IllegalArgumentException} naming the file and line. Nothing is cached on disk.
 */
public final class TermCorpus {

    /** Receives each term occurrence; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface TermSink {
        void term(byte[] buf, int offset, int length) throws IOException;
    }

    private static final int READ_BUFFER_BYTES = 1 << 16;

    private TermCorpus() {
    }

    /**
     * The distinct terms of {@code file}, in the order they are first seen (subject, predicate, object, line by line).
     */
    public static List<byte[]> distinctTerms(Path file) throws IOException {
        Set<Key> seen = new HashSet<>();
        List<byte[]> terms = new ArrayList<>();
        forEachTerm(file, (buf, offset, length) -> {
            byte[] term = Arrays.copyOfRange(buf, offset, offset + length);
            if (seen.add(new Key(term))) {
                terms.add(term);
            }
        });
        return terms;
    }

    /**
     * Streams every term occurrence of {@code file} (three per triple, duplicates included) into {@code sink}.
     *
     * @return the number of triples read
     */
    public static long forEachTerm(Path file, TermSink sink) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, READ_BUFFER_BYTES)
                : new BufferedInputStream(raw, READ_BUFFER_BYTES);
            return forEachTerm(in, file.toString(), sink);
        }
    }

    /**
     * Streams every term occurrence of the N-Triples text {@code in} into {@code sink}; {@code source} names the input
     * in error messages. Does not close {@code in}.
     *
     * @return the number of triples read
     */
    public static long forEachTerm(InputStream in, String source, TermSink sink) throws IOException {
        byte[] buf = new byte[READ_BUFFER_BYTES];
        int start = 0; // first byte of the current line
        int scan = 0; // bytes before this hold no newline of the current line
        int limit = 0; // end of the bytes read
        long lineNumber = 0;
        long triples = 0;
        boolean eof = false;
        while (true) {
            int newline = indexOf(buf, scan, limit, (byte) '\n');
            if (newline >= 0) {
                lineNumber++;
                triples += parseLine(buf, start, newline, source, lineNumber, sink);
                start = newline + 1;
                scan = start;
                continue;
            }
            if (eof) {
                if (start < limit) {
                    lineNumber++;
                    triples += parseLine(buf, start, limit, source, lineNumber, sink);
                }
                return triples;
            }
            scan = limit;
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, limit - start);
                limit -= start;
                scan -= start;
                start = 0;
            } else if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
    }

    /** Parses the line {@code buf[from, to)}; returns 1 for a triple, 0 for a blank or comment line. */
    private static int parseLine(byte[] buf, int from, int to, String source, long lineNumber, TermSink sink)
        throws IOException {
        int p = skipSpace(buf, from, to);
        if (p == to || buf[p] == '#') {
            return 0;
        }
        for (int position = 0; position < 3; position++) {
            p = skipSpace(buf, p, to);
            if (p == to) {
                throw error(source, lineNumber, from, p, "expected a term, found the end of the line");
            }
            int end = termEnd(buf, p, to, source, lineNumber, from);
            sink.term(buf, p, end - p);
            p = end;
        }
        p = skipSpace(buf, p, to);
        if (p == to || buf[p] != '.') {
            throw error(source, lineNumber, from, p, "expected '.' after the object");
        }
        p = skipSpace(buf, p + 1, to);
        if (p != to && buf[p] != '#') {
            throw error(source, lineNumber, from, p, "unexpected text after the final '.'");
        }
        return 1;
    }

    /** The end (exclusive) of the term starting at {@code buf[p]}. */
    private static int termEnd(byte[] buf, int p, int to, String source, long lineNumber, int lineStart) {
        switch (buf[p]) {
            case '<': {
                int close = indexOf(buf, p + 1, to, (byte) '>');
                if (close < 0) {
                    throw error(source, lineNumber, lineStart, p, "IRI without a closing '>'");
                }
                return close + 1;
            }
            case '_': {
                if (p + 1 >= to || buf[p + 1] != ':') {
                    throw error(source, lineNumber, lineStart, p, "blank node without ':' after '_'");
                }
                int end = p + 2;
                while (end < to && !isSpace(buf[end])) {
                    end++;
                }
                while (end > p + 2 && buf[end - 1] == '.') { // a label never ends with '.': that is the triple's end
                    end--;
                }
                if (end == p + 2) {
                    throw error(source, lineNumber, lineStart, p, "blank node with an empty label");
                }
                return end;
            }
            case '"': {
                int i = p + 1;
                while (i < to && buf[i] != '"') {
                    i += buf[i] == '\\' ? 2 : 1;
                }
                if (i >= to) {
                    throw error(source, lineNumber, lineStart, p, "literal without a closing '\"'");
                }
                int end = i + 1;
                if (end < to && buf[end] == '@') {
                    int tag = end + 1;
                    while (tag < to && isLanguageTagByte(buf[tag])) {
                        tag++;
                    }
                    if (tag == end + 1) {
                        throw error(source, lineNumber, lineStart, end, "empty language tag");
                    }
                    return tag;
                }
                if (end + 1 < to && buf[end] == '^' && buf[end + 1] == '^') {
                    if (end + 2 >= to || buf[end + 2] != '<') {
                        throw error(source, lineNumber, lineStart, end, "expected '<' after '^^'");
                    }
                    int close = indexOf(buf, end + 3, to, (byte) '>');
                    if (close < 0) {
                        throw error(source, lineNumber, lineStart, end, "datatype IRI without a closing '>'");
                    }
                    return close + 1;
                }
                return end;
            }
            default:
                throw error(source, lineNumber, lineStart, p, "expected '<', '_:' or '\"' to start a term");
        }
    }

    private static boolean isLanguageTagByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    private static int skipSpace(byte[] buf, int p, int to) {
        while (p < to && isSpace(buf[p])) {
            p++;
        }
        return p;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException error(String source, long lineNumber, int lineStart, int p,
        String message) {
        return new IllegalArgumentException(source + ":" + lineNumber + ":" + (p - lineStart + 1) + ": " + message);
    }

    /** A term as a hash key: content equality, hash computed once. */
    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
