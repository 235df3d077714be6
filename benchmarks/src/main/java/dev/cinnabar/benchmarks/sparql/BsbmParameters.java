package dev.cinnabar.benchmarks.sparql;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * The parameters of the BSBM explore queries ({@link BsbmExploreQueries}), drawn from the data set itself: one pass
 * over the N-Triples collects the products (with their types, features and labels), the product types below the
 * root, the offers (with their {@code validFrom}) and the reviews, each in file order, so that a seed gives the same
 * values on every run and for every store. The BSBM test driver draws from the generator's own tables instead; the
 * data is what every store here loads, so a drawn value always names something in it.
 *
 * <p>How each parameter is drawn ({@link #draw}):
 * <ul>
 *   <li>{@code %ProductType%}: a type below the root of a random product, and {@code %ProductFeature1%} ... of Q1,
 *       Q3 and Q4: distinct features of that same product, so that the features go with the type (the BSBM driver
 *       draws features of the type) and at least that product has them all;</li>
 *   <li>{@code %x%}, {@code %y%}: a number from 1 to 500, as in the BSBM specification;</li>
 *   <li>{@code %ProductXYZ%}, {@code %OfferXYZ%}, {@code %ReviewXYZ%}: a random product, offer, review;</li>
 *   <li>{@code %word1%} (Q6): a word of a random product's label;</li>
 *   <li>{@code %currentDate%} (Q7, Q10): the {@code validFrom} of a random offer (the driver uses the generator's
 *       "today"; a date the offers actually have gives Q7's and Q10's date filters something to keep and drop).</li>
 * </ul>
 * Q7 and Q10 name their countries ({@code DE}, {@code US}) in the specification's text, so no country is drawn.
 */
final class BsbmParameters {

    static final String VOCABULARY = "http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/vocabulary/";
    private static final String XSD_DATE_TIME = "http://www.w3.org/2001/XMLSchema#dateTime";
    /** A label word goes into a regex in a string literal: only plain words, nothing to escape. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]+");
    /** Draws of a product with enough features (or a label word) before giving up on the data. */
    private static final int MAX_TRIES = 10_000;

    private final List<String> products;
    private final Map<String, List<String>> typesOf;
    private final Map<String, List<String>> featuresOf;
    private final Map<String, String> labelOf;
    private final List<String> offers;
    private final Map<String, String> validFromOf;
    private final List<String> reviews;

    private BsbmParameters(List<String> products, Map<String, List<String>> typesOf,
                           Map<String, List<String>> featuresOf, Map<String, String> labelOf, List<String> offers,
                           Map<String, String> validFromOf, List<String> reviews) {
        this.products = products;
        this.typesOf = typesOf;
        this.featuresOf = featuresOf;
        this.labelOf = labelOf;
        this.offers = offers;
        this.validFromOf = validFromOf;
        this.reviews = reviews;
    }

    /**
     * Reads the pools from an N-Triples file (gzipped if its name ends in {@code .gz}).
     *
     * @throws IllegalArgumentException if the file has no products with a type below the root, offers or reviews
     */
    static BsbmParameters read(Path data) throws IOException {
        Node product = NodeFactory.createURI(VOCABULARY + "Product");
        Node offer = NodeFactory.createURI(VOCABULARY + "Offer");
        Node review = NodeFactory.createURI("http://purl.org/stuff/rev#Review");
        Node feature = NodeFactory.createURI(VOCABULARY + "productFeature");
        Node validFrom = NodeFactory.createURI(VOCABULARY + "validFrom");
        List<String> products = new ArrayList<>();
        List<String> offers = new ArrayList<>();
        List<String> reviews = new ArrayList<>();
        Map<String, List<String>> typesOf = new LinkedHashMap<>();
        Map<String, List<String>> featuresOf = new LinkedHashMap<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        Map<String, String> validFromOf = new LinkedHashMap<>();
        Set<String> belowRoot = new HashSet<>();
        StreamRDFBase collector = new StreamRDFBase() {
            @Override
            public void triple(Triple t) {
                Node p = t.getPredicate();
                Node o = t.getObject();
                String s = t.getSubject().isURI() ? t.getSubject().getURI() : null;
                if (s == null) {
                    return;
                }
                if (p.equals(RDF.Nodes.type)) {
                    if (o.equals(product)) {
                        products.add(s);
                    } else if (o.equals(offer)) {
                        offers.add(s);
                    } else if (o.equals(review)) {
                        reviews.add(s);
                    } else if (o.isURI()) {
                        typesOf.computeIfAbsent(s, k -> new ArrayList<>()).add(o.getURI());
                    }
                } else if (p.equals(feature) && o.isURI()) {
                    featuresOf.computeIfAbsent(s, k -> new ArrayList<>()).add(o.getURI());
                } else if (p.equals(RDFS.Nodes.subClassOf)) {
                    belowRoot.add(s);
                } else if (p.equals(RDFS.Nodes.label) && o.isLiteral()) {
                    labelOf.put(s, o.getLiteralLexicalForm());
                } else if (p.equals(validFrom) && o.isLiteral()) {
                    validFromOf.put(s, o.getLiteralLexicalForm());
                }
            }
        };
        try (InputStream in = open(data)) {
            RDFParser.source(in).lang(Lang.NTRIPLES).parse(collector);
        }
        Map<String, List<String>> productTypes = new LinkedHashMap<>();
        Set<String> isProduct = new HashSet<>(products);
        typesOf.forEach((subject, types) -> {
            List<String> kept = types.stream().filter(belowRoot::contains).toList();
            if (isProduct.contains(subject) && !kept.isEmpty()) {
                productTypes.put(subject, kept);
            }
        });
        List<String> typed = products.stream().filter(productTypes::containsKey).toList();
        List<String> datedOffers = offers.stream().filter(validFromOf::containsKey).toList();
        if (typed.isEmpty() || datedOffers.isEmpty() || reviews.isEmpty()) {
            throw new IllegalArgumentException(data + " is not BSBM data: " + typed.size()
                + " products with a product type below the root, " + datedOffers.size() + " offers with validFrom, "
                + reviews.size() + " reviews");
        }
        Map<String, List<String>> productFeatures = new LinkedHashMap<>();
        typed.forEach(p -> productFeatures.put(p, featuresOf.getOrDefault(p, List.of())));
        Map<String, String> productLabels = new LinkedHashMap<>();
        typed.forEach(p -> productLabels.put(p, labelOf.getOrDefault(p, "")));
        return new BsbmParameters(typed, productTypes, productFeatures, productLabels, datedOffers, validFromOf,
            List.copyOf(reviews));
    }

    private static InputStream open(Path data) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(data), 1 << 16);
        return data.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * Values for the placeholders of BSBM explore query {@code query} (1 to 12), as SPARQL terms ({@code <iri>},
     * a number, a typed literal; {@code word1} bare, as it stands inside the regex's string literal).
     */
    Map<String, String> draw(int query, Random random) {
        Map<String, String> values = new LinkedHashMap<>();
        switch (query) {
            case 1, 3, 4 -> {
                typeAndFeatures(values, query == 4 ? 3 : 2, random);
                values.put("x", number(random));
                if (query != 1) {
                    values.put("y", number(random));
                }
            }
            case 2, 5, 8 -> values.put("ProductXYZ", iri(pick(products, random)));
            case 6 -> values.put("word1", word(random));
            case 7, 10 -> {
                values.put("ProductXYZ", iri(pick(products, random)));
                values.put("currentDate", "\"" + validFromOf.get(pick(offers, random)) + "\"^^<" + XSD_DATE_TIME
                    + ">");
            }
            case 9 -> values.put("ReviewXYZ", iri(pick(reviews, random)));
            case 11, 12 -> values.put("OfferXYZ", iri(pick(offers, random)));
            default -> throw new IllegalArgumentException("no BSBM explore query " + query);
        }
        return values;
    }

    /** The product type and {@code count} distinct features of one random product that has that many. */
    private void typeAndFeatures(Map<String, String> values, int count, Random random) {
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            String product = pick(products, random);
            List<String> features = new ArrayList<>(new LinkedHashSet<>(featuresOf.get(product)));
            if (features.size() < count) {
                continue;
            }
            values.put("ProductType", iri(pick(typesOf.get(product), random)));
            for (int i = 1; i <= count; i++) {
                values.put("ProductFeature" + i, iri(features.remove(random.nextInt(features.size()))));
            }
            return;
        }
        throw new IllegalStateException("no product with " + count + " features in " + MAX_TRIES + " draws");
    }

    private String word(Random random) {
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            List<String> words = new ArrayList<>();
            for (String w : labelOf.get(pick(products, random)).split(" ")) {
                if (WORD.matcher(w).matches()) {
                    words.add(w);
                }
            }
            if (!words.isEmpty()) {
                return pick(words, random);
            }
        }
        throw new IllegalStateException("no product label with a plain word in " + MAX_TRIES + " draws");
    }

    private static String number(Random random) {
        return String.valueOf(1 + random.nextInt(500));
    }

    private static String pick(List<String> from, Random random) {
        return from.get(random.nextInt(from.size()));
    }

    private static String iri(String uri) {
        return "<" + uri + ">";
    }
}
