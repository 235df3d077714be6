package dev.cinnabar.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.query.QueryParseException;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The SPARQL text of {@code sparql} and {@code update}: given as an argument or read from {@code --file} (UTF-8), with
 * the base IRI of its relative IRIs (the file's URI, or none for an argument: Jena's default then).
 */
record SparqlText(String text, String base, Path source) {

    /** Where Jena's parse messages put the error: "at line 3, column 7". */
    private static final Pattern PLACE = Pattern.compile("line (\\d+), column (\\d+)");

    /**
     * Exactly one of {@code argument} and {@code file}; anything else is a usage error.
     *
     * @throws CliException (bad input) if the file is missing or not UTF-8
     */
    static SparqlText of(CommandSpec spec, String argument, Path file, String what) throws CliException,
        IOException {
        if ((argument == null) == (file == null)) {
            throw new ParameterException(spec.commandLine(), argument == null
                ? "Missing " + what + ": give it as an argument or with --file"
                : "Give the " + what + " as an argument or with --file, not both");
        }
        if (argument != null) {
            return new SparqlText(argument, null, null);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
            return new SparqlText(text, file.toAbsolutePath().toUri().toString(), file);
        } catch (NoSuchFileException e) {
            throw CliException.badInput("no such file: " + file);
        } catch (CharacterCodingException e) {
            throw CliException.badInput(file + " is not UTF-8 text");
        }
    }

    /**
     * A syntax error as one line: where ({@code file:line:column}, or line and column of an argument) and Jena's
     * first line about it; {@code --debug} shows the rest (what Jena expected there).
     */
    CliException syntaxError(QueryParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline).strip();
        // The message's place is the offending token's; the exception's fields may be an earlier token's.
        Matcher place = PLACE.matcher(first);
        int line = place.find() ? Integer.parseInt(place.group(1)) : e.getLine();
        int column = place.find(0) ? Integer.parseInt(place.group(2)) : e.getColumn();
        String where = source != null ? source + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": "
            : line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " : "";
        return CliException.badInput(where + "syntax error: " + first, e);
    }
}
