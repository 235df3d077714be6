package dev.cinnabar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParserRegistry;

/**
 * The RDF syntax of each input file of a load, as a Jena {@link Lang}: by a {@code --format} name, or by the file's
 * extension (a trailing {@code .gz} ignored). N-Triples and N-Quads, and names nothing maps, are read by our own
 * parser; everything else by RIOT's. Both feed the same bulk load.
 */
final class InputFormats {

    private InputFormats() {
    }

    /**
     * The syntax a {@code --format} name stands for: a Jena language name or alternative name ({@code Turtle},
     * {@code TriG}, {@code RDF/XML}, {@code JSON-LD}, {@code RDF/JSON}, {@code TriX}, {@code N-Triples}, ...) or a
     * file extension ({@code ttl}, {@code rdf}, {@code rj}), case-insensitive.
     *
     * @throws IllegalArgumentException naming the name, if no syntax RIOT can read (or N3, which it reads only as
     *                                  Turtle) goes by it
     */
    static Lang byName(String name) {
        Lang lang = RDFLanguages.nameToLang(name);
        if (lang == null) {
            lang = RDFLanguages.fileExtToLang(name.toLowerCase(Locale.ROOT));
        }
        if (lang == null || !readable(lang)) {
            throw new IllegalArgumentException("unknown RDF syntax '" + name + "': give one of " + names());
        }
        return lang;
    }

    /**
     * The syntax of {@code file} by its extension, a trailing {@code .gz} ignored, or null if the extension names none
     * (the file is then read as N-Quads, as always). N3 is refused: RIOT would read it as Turtle.
     */
    static Lang byFileName(Path file) throws CliException {
        String name = stem(file);
        int dot = name.lastIndexOf('.');
        Lang lang = dot < 0 ? null : RDFLanguages.fileExtToLang(name.substring(dot + 1));
        if (lang != null && lang.equals(Lang.N3)) {
            throw CliException.badInput(file + ": N3 is not supported (a Turtle file may be loaded with --format "
                + "turtle)");
        }
        return lang == null || !readable(lang) ? null : lang;
    }

    /** Whether our own parser reads files of {@code lang} (the others RIOT's parsers, into the same bulk load). */
    static boolean ownParser(Lang lang) {
        return lang.equals(Lang.NTRIPLES) || lang.equals(Lang.NQUADS);
    }

    /**
     * The input files: each given file, whatever its name, and of each given directory the regular files under it,
     * recursively, whose syntax is known by their extension (or that end with {@code .gz}), sorted by their path
     * below the directory.
     *
     * @throws NoSuchFileException if a path does not exist
     */
    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    files.addAll(walk
                        .filter(Files::isRegularFile)
                        .filter(InputFormats::isRdfFileName)
                        .sorted((a, b) -> input.relativize(a).toString().compareTo(input.relativize(b).toString()))
                        .collect(Collectors.toList()));
                }
            } else if (Files.exists(input)) {
                files.add(input);
            } else {
                throw new NoSuchFileException(input.toString(), null, "no such file or directory");
            }
        }
        return files;
    }

    private static boolean isRdfFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        Lang lang = dot < 0 ? null : RDFLanguages.fileExtToLang(name.substring(dot + 1));
        return lang != null && !lang.equals(Lang.N3) && readable(lang);
    }

    /** The file name in lower case without a trailing {@code .gz}. */
    private static String stem(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    private static boolean readable(Lang lang) {
        return RDFParserRegistry.isRegistered(lang) && !lang.equals(Lang.N3) && !lang.equals(Lang.RDFNULL);
    }

    /** The syntaxes RIOT reads, by their names, for messages. */
    static String names() {
        return RDFLanguages.getRegisteredLanguages().stream()
            .filter(InputFormats::readable)
            .map(Lang::getLabel)
            .sorted(String.CASE_INSENSITIVE_ORDER)
            .collect(Collectors.joining(", "));
    }
}
