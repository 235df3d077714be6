package dev.cinnabar.benchmarks.sparql;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 12 queries of the BSBM V3 explore use case, read from the class path ({@code /bsbm/q01.rq} ...
 * {@code /bsbm/q12.rq}) as the specification writes them, with its {@code %Name%} placeholders; the query mix; and
 * the instantiated mixes a report runs, written to a file that every store's child reads, so that every store runs
 * the very same query texts.
 *
 * <p>The default mix is the specification's sequence of 25 queries with Q6 (the regex) at its place, the 13th. The
 * BSBM tools of V3 leave Q6 out and run Q5 there instead ({@code queries/explore/querymix.txt}:
 * {@value #TOOLS_MIX}); {@code --mix} takes that or any other sequence.
 */
final class BsbmExploreQueries {

    /** The explore mix with every one of the 12 queries. */
    static final String SPEC_MIX = "1 2 2 3 2 2 4 2 2 5 7 7 6 7 7 8 9 9 8 9 9 10 10 11 12";
    /** The mix of the BSBM V3 tools, without Q6. */
    static final String TOOLS_MIX = "1 2 2 3 2 2 4 2 2 5 7 7 5 7 7 8 9 9 8 9 9 10 10 11 12";

    private static final Pattern PLACEHOLDER = Pattern.compile("%([A-Za-z][A-Za-z0-9]*)%");

    private BsbmExploreQueries() {
    }

    /** One query of one mix: its name ({@code q01} ...) and its text with the parameters filled in. */
    record Execution(String name, String text) {
    }

    /** The name of query {@code number}: {@code q01} ... {@code q12}. */
    static String name(int number) {
        return String.format(Locale.ROOT, "q%02d", number);
    }

    /**
     * A mix given as query numbers separated by spaces or commas.
     *
     * @throws IllegalArgumentException for a number outside 1 to 12 or an empty mix
     */
    static List<Integer> parseMix(String mix) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : mix.trim().split("[\\s,]+")) {
            int number;
            try {
                number = Integer.parseInt(part.startsWith("q") || part.startsWith("Q") ? part.substring(1) : part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a BSBM explore query: '" + part + "' (expected 1 to 12)");
            }
            if (number < 1 || number > 12) {
                throw new IllegalArgumentException("not a BSBM explore query: " + number + " (expected 1 to 12)");
            }
            numbers.add(number);
        }
        return List.copyOf(numbers);
    }

    /** The template text of query {@code number}. */
    static String template(int number) {
        return QueryTexts.read("/bsbm/" + name(number) + ".rq");
    }

    /**
     * {@code template} with each {@code %Name%} replaced by its value.
     *
     * @throws IllegalArgumentException naming a placeholder without a value
     */
    static String instantiate(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for %" + m.group(1) + "%");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /**
     * {@code count} mixes, each the queries of {@code mix} in order with parameters drawn afresh for every query
     * (as the BSBM driver does), all from one random sequence of {@code seed}.
     */
    static List<List<Execution>> mixes(BsbmParameters parameters, List<Integer> mix, int count, long seed) {
        Random random = new Random(seed);
        List<String> templates = new ArrayList<>();
        for (int number = 1; number <= 12; number++) {
            templates.add(template(number));
        }
        List<List<Execution>> mixes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Execution> executions = new ArrayList<>();
            for (int number : mix) {
                executions.add(new Execution(name(number),
                    instantiate(templates.get(number - 1), parameters.draw(number, random))));
            }
            mixes.add(List.copyOf(executions));
        }
        return List.copyOf(mixes);
    }

    /**
     * Writes the mixes, one query a line: the mix's index, a tab, the query's name, a tab, its text with {@code \}
     * and line breaks escaped ({@code \\}, {@code \n}).
     */
    static void write(List<List<Execution>> mixes, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < mixes.size(); i++) {
                for (Execution execution : mixes.get(i)) {
                    String text = execution.text().replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n");
                    out.write(i + "\t" + execution.name() + "\t" + text + "\n");
                }
            }
        }
    }

    /** The mixes of a file written by {@link #write}. */
    static List<List<Execution>> read(Path file) throws IOException {
        List<List<Execution>> mixes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 3);
            int index = Integer.parseInt(parts[0]);
            while (mixes.size() <= index) {
                mixes.add(new ArrayList<>());
            }
            mixes.get(index).add(new Execution(parts[1], unescape(parts[2])));
        }
        return mixes;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
