package dev.cinnabar.benchmarks.sparql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cinnabar's query results beside TDB2's: per-query row counts (which must agree), median times, the ratio
 * TDB2/Cinnabar (above 1: Cinnabar is faster), the totals, and whether the target holds: no query slower
 * than on TDB2 and the total at least {@value #TOTAL_TARGET}x faster.
 */
public final class LubmComparison {

    /** Required ratio of the summed medians, TDB2 over Cinnabar. */
    public static final double TOTAL_TARGET = 2.0;

    private final List<String> queries;
    private final Map<String, QueryTiming> cinnabar;
    private final Map<String, QueryTiming> tdb2;

    /** Compares the two stores' results; a query missing on one side counts as a mismatch. */
    public LubmComparison(Map<String, QueryTiming> cinnabar, Map<String, QueryTiming> tdb2) {
        Set<String> names = new LinkedHashSet<>(cinnabar.keySet());
        names.addAll(tdb2.keySet());
        this.queries = List.copyOf(names);
        this.cinnabar = Map.copyOf(cinnabar);
        this.tdb2 = Map.copyOf(tdb2);
    }

    /** One line per query whose row counts differ between the stores (or that one store lacks); empty if none. */
    public List<String> countMismatches() {
        List<String> mismatches = new ArrayList<>();
        for (String query : queries) {
            QueryTiming c = cinnabar.get(query);
            QueryTiming t = tdb2.get(query);
            if (c == null || t == null || c.rows() != t.rows()) {
                mismatches.add(String.format(Locale.ROOT, "%s: cinnabar %s rows, tdb2 %s rows", query,
                    c == null ? "no" : String.valueOf(c.rows()), t == null ? "no" : String.valueOf(t.rows())));
            }
        }
        return mismatches;
    }

    /** Sum of Cinnabar's medians (ms) over the queries both stores ran. */
    public double cinnabarTotal() {
        return total(cinnabar);
    }

    /** Sum of TDB2's medians (ms) over the queries both stores ran. */
    public double tdb2Total() {
        return total(tdb2);
    }

    private double total(Map<String, QueryTiming> side) {
        double sum = 0;
        for (String query : queries) {
            if (cinnabar.containsKey(query) && tdb2.containsKey(query)) {
                sum += side.get(query).median();
            }
        }
        return sum;
    }

    /** TDB2's median over Cinnabar's for one query (above 1: Cinnabar faster); NaN if a side is missing. */
    public double ratio(String query) {
        QueryTiming c = cinnabar.get(query);
        QueryTiming t = tdb2.get(query);
        return c == null || t == null ? Double.NaN : t.median() / c.median();
    }

    /** The queries slower on Cinnabar than on TDB2 (ratio below 1). */
    public List<String> slowerOnCinnabar() {
        List<String> slower = new ArrayList<>();
        for (String query : queries) {
            if (ratio(query) < 1.0) {
                slower.add(query);
            }
        }
        return slower;
    }

    /** True if no query is slower on Cinnabar, the total ratio is at least the target, and the counts agree. */
    public boolean targetMet() {
        return countMismatches().isEmpty() && slowerOnCinnabar().isEmpty()
            && tdb2Total() / cinnabarTotal() >= TOTAL_TARGET;
    }

    /** The markdown table: query, results, cinnabar ms, tdb2 ms, ratio; then the totals row. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("| query | results | cinnabar ms | tdb2 ms | ratio tdb2/cinnabar |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (String query : queries) {
            QueryTiming c = cinnabar.get(query);
            QueryTiming t = tdb2.get(query);
            String rows = c != null && t != null && c.rows() == t.rows() ? String.format(Locale.ROOT, "%,d", c.rows())
                : "**MISMATCH** " + (c == null ? "-" : c.rows()) + " / " + (t == null ? "-" : t.rows());
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", query, rows, millis(c), millis(t),
                ratioText(ratio(query))));
        }
        out.append(String.format(Locale.ROOT, "| **total** | | **%.2f** | **%.2f** | **%s** |%n", cinnabarTotal(),
            tdb2Total(), ratioText(tdb2Total() / cinnabarTotal())));
        return out.toString();
    }

    /** One paragraph: whether the target holds, and if not, why. */
    public String verdict() {
        List<String> slower = slowerOnCinnabar();
        double total = tdb2Total() / cinnabarTotal();
        StringBuilder out = new StringBuilder();
        if (!countMismatches().isEmpty()) {
            out.append("Result counts differ: ").append(countMismatches()).append(". ");
        }
        out.append(targetMet() ? "Target met" : "Target NOT met").append(": ");
        out.append(slower.isEmpty() ? "no query slower on Cinnabar" : "slower on Cinnabar: " + describe(slower));
        out.append(String.format(Locale.ROOT, "; total %s (target at least %.0fx).", ratioText(total), TOTAL_TARGET));
        return out.toString();
    }

    private String describe(List<String> slower) {
        List<String> parts = new ArrayList<>();
        for (String query : slower) {
            parts.add(query + " (" + ratioText(ratio(query)) + ")");
        }
        return String.join(", ", parts);
    }

    private static String millis(QueryTiming timing) {
        return timing == null ? "-" : String.format(Locale.ROOT, "%.2f", timing.median());
    }

    private static String ratioText(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
