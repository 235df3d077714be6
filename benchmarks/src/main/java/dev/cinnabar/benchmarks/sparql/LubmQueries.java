package dev.cinnabar.benchmarks.sparql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;

/**
 * The 14 LUBM queries in their no-reasoner forms, read from the class path ({@code /lubm/q01.rq} ...
 * {@code /lubm/q14.rq}). Each file's leading comment names the original query and what was expanded.
 */
public final class LubmQueries {

    /** Names of all the queries, in order. */
    public static final List<String> ALL = names();

    private LubmQueries() {
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            names.add(String.format("q%02d", i));
        }
        return List.copyOf(names);
    }

    /**
     * Parses a comma-separated list of names ({@code q01,q5,Q14}: a number alone or with {@code q}; blank means all).
     * After the number, {@code u} asks for the UNION form of the query's expansions and {@code v} for the VALUES
     * form ({@link LubmFormulations}); without either, the file's own mix. A final {@code r} ({@code q09r},
     * {@code q09vr}) reverses the triple patterns of each basic graph pattern: the same answers, the order a
     * planner that follows the written order gets wrong.
     *
     * @throws IllegalArgumentException naming an unknown query
     */
    public static List<String> parseList(String list) {
        if (list == null || list.isBlank()) {
            return ALL;
        }
        List<String> names = new ArrayList<>();
        for (String raw : list.split(",")) {
            String name = raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            boolean reversed = name.endsWith("r");
            String digits = name.startsWith("q") ? name.substring(1) : name;
            digits = reversed ? digits.substring(0, digits.length() - 1) : digits;
            String form = digits.endsWith("u") || digits.endsWith("v") ? digits.substring(digits.length() - 1) : "";
            digits = digits.substring(0, digits.length() - form.length());
            int number;
            try {
                number = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown LUBM query '" + raw.trim() + "': expected q01 to q14");
            }
            if (number < 1 || number > 14) {
                throw new IllegalArgumentException("unknown LUBM query '" + raw.trim() + "': expected q01 to q14");
            }
            String canonical = String.format("q%02d", number) + form + (reversed ? "r" : "");
            if (!names.contains(canonical)) {
                names.add(canonical);
            }
        }
        return List.copyOf(names);
    }

    /** The SPARQL text of one query. */
    public static String text(String name) {
        return QueryTexts.read("/lubm/" + name + ".rq");
    }

    /** The named queries, parsed, in the given order. */
    public static Map<String, Query> parse(List<String> names) {
        Map<String, Query> queries = new LinkedHashMap<>();
        for (String name : names) {
            String suffix = name.substring(3);
            Query query = QueryFactory.create(text(name.substring(0, 3)));
            if (suffix.startsWith("u")) {
                query = LubmFormulations.unionForm(query);
            } else if (suffix.startsWith("v")) {
                query = LubmFormulations.valuesForm(query);
            }
            queries.put(name, suffix.endsWith("r") ? reversed(query) : query);
        }
        return queries;
    }

    /** {@code query} with the triple patterns of each basic graph pattern in reverse order. */
    static Query reversed(Query query) {
        return QueryTransformOps.transform(query, new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementPathBlock block) {
                List<TriplePath> paths = new ArrayList<>(block.getPattern().getList());
                Collections.reverse(paths);
                ElementPathBlock out = new ElementPathBlock();
                paths.forEach(out::addTriplePath);
                return out;
            }
        });
    }
}
