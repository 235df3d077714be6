package dev.cinnabar.benchmarks.sparql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The query files on the class path ({@code /lubm/q01.rq}, {@code /bsbm/q01.rq} ...). */
final class QueryTexts {

    private QueryTexts() {
    }

    /**
     * The text of a class-path resource, in UTF-8.
     *
     * @throws IllegalArgumentException if there is none
     */
    static String read(String resource) {
        try (InputStream in = QueryTexts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no query resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
