package dev.cinnabar.benchmarks.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.jena.query.QueryFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.benchmarks.SharedData;

/**
 * The BSBM parameters: the same seed gives the same mixes, and every drawn value is in the data in the role the
 * query gives it (on a hand-made file of 34 triples, and on the shared {@code bsbm-1m} when it is there).
 */
class BsbmParametersTest {

    private static final String I = "<http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/instances/";
    private static final Pattern PLACEHOLDER = Pattern.compile("%[A-Za-z][A-Za-z0-9]*%");

    @TempDir
    Path temp;

    @Test
    void aSeedGivesTheSameMixesAndAnotherSeedOthers() throws IOException {
        BsbmParameters parameters = BsbmParameters.read(tiny());
        List<Integer> mix = BsbmExploreQueries.parseMix(BsbmExploreQueries.SPEC_MIX);

        List<List<BsbmExploreQueries.Execution>> once = BsbmExploreQueries.mixes(parameters, mix, 4, 7);
        List<List<BsbmExploreQueries.Execution>> again = BsbmExploreQueries.mixes(BsbmParameters.read(tiny()), mix, 4, 7);
        List<List<BsbmExploreQueries.Execution>> other = BsbmExploreQueries.mixes(parameters, mix, 4, 8);

        assertEquals(once, again);
        assertNotEquals(once, other);
        assertEquals(25, once.get(0).size());
        assertEquals("q06", once.get(0).get(12).name());
    }

    @Test
    void everyDrawnValueIsInTheDataInItsRole() throws IOException {
        BsbmParameters parameters = BsbmParameters.read(tiny());
        Map<String, Set<String>> featuresOf = Map.of(
            I + "dataFromProducer1/Product1>", Set.of(I + "ProductFeature1>", I + "ProductFeature2>",
                I + "ProductFeature3>"),
            I + "dataFromProducer1/Product2>", Set.of(I + "ProductFeature4>", I + "ProductFeature5>",
                I + "ProductFeature6>"));
        Map<String, Set<String>> typesOf = Map.of(
            I + "dataFromProducer1/Product1>", Set.of(I + "ProductType2>", I + "ProductType3>"),
            I + "dataFromProducer1/Product2>", Set.of(I + "ProductType4>"));
        Set<String> products = Set.of(I + "dataFromProducer1/Product1>", I + "dataFromProducer1/Product2>",
            I + "dataFromProducer1/Product3>");
        Set<String> words = Set.of("red", "shiny", "widget", "blue", "gadget", "lonely", "thing");
        Set<String> dates = Set.of("\"2008-03-20T00:00:00\"^^<http://www.w3.org/2001/XMLSchema#dateTime>",
            "\"2008-05-02T00:00:00\"^^<http://www.w3.org/2001/XMLSchema#dateTime>");
        Random random = new Random(1);
        Set<String> seenTypes = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            for (int query = 1; query <= 12; query++) {
                Map<String, String> values = parameters.draw(query, random);
                if (values.containsKey("ProductType")) {
                    seenTypes.add(values.get("ProductType"));
                    // Q1, Q3, Q4: one product has the type and all the features; Product3 has 1 feature only.
                    int features = query == 4 ? 3 : 2;
                    Set<String> drawn = new HashSet<>();
                    for (int f = 1; f <= features; f++) {
                        drawn.add(values.get("ProductFeature" + f));
                    }
                    assertEquals(features, drawn.size(), "distinct features " + values);
                    assertTrue(featuresOf.keySet().stream().anyMatch(p -> typesOf.get(p).contains(
                        values.get("ProductType")) && featuresOf.get(p).containsAll(drawn)), values.toString());
                }
                for (String number : List.of("x", "y")) {
                    if (values.containsKey(number)) {
                        int n = Integer.parseInt(values.get(number));
                        assertTrue(n >= 1 && n <= 500, values.toString());
                    }
                }
                check(values, "ProductXYZ", products);
                check(values, "OfferXYZ", Set.of(I + "dataFromVendor1/Offer1>", I + "dataFromVendor1/Offer2>"));
                check(values, "ReviewXYZ", Set.of(I + "dataFromRatingSite1/Review1>",
                    I + "dataFromRatingSite1/Review2>"));
                check(values, "word1", words);
                check(values, "currentDate", dates);
            }
        }
        // The root type (ProductType1) never: it matches every product.
        assertEquals(Set.of(I + "ProductType2>", I + "ProductType3>", I + "ProductType4>"), seenTypes);
    }

    @Test
    void everyQueryInstantiatesToSparqlThatParsesAndTheFileKeepsItExactly() throws IOException {
        List<List<BsbmExploreQueries.Execution>> mixes = BsbmExploreQueries.mixes(BsbmParameters.read(tiny()),
            BsbmExploreQueries.parseMix("1,2,3,4,5,6,7,8,9,10,11,12"), 2, 3);
        for (BsbmExploreQueries.Execution execution : mixes.get(1)) {
            assertFalse(PLACEHOLDER.matcher(execution.text()).find(), execution.text());
            QueryFactory.create(execution.text());
        }
        Path file = temp.resolve("mixes.queries");
        BsbmExploreQueries.write(mixes, file);
        assertEquals(mixes, BsbmExploreQueries.read(file));
    }

    @Test
    void onTheSharedBsbmDataEveryDrawnIriIsInTheFile() throws IOException {
        Optional<Path> shared = SharedData.findSharedDir();
        Path data = shared.map(dir -> dir.resolve("data/bsbm/bsbm-1m.nt.gz")).orElse(null);
        assumeTrue(data != null && Files.isRegularFile(data),
            "bsbm-1m.nt.gz not found (set -D" + SharedData.PROPERTY + " or " + SharedData.ENV + "): skipped");
        List<List<BsbmExploreQueries.Execution>> mixes = BsbmExploreQueries.mixes(BsbmParameters.read(data),
            BsbmExploreQueries.parseMix(BsbmExploreQueries.SPEC_MIX), 20, 42);
        Set<String> iris = new HashSet<>();
        Pattern instance = Pattern.compile("<http://www4\\.wiwiss\\.fu-berlin\\.de/bizer/bsbm/v01/instances/[^>]+>");
        mixes.forEach(mix -> mix.forEach(e -> {
            Matcher m = instance.matcher(e.text());
            while (m.find()) {
                iris.add(m.group());
            }
        }));
        Set<String> subjects = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int space = line.indexOf(' ');
                if (space > 0 && iris.contains(line.substring(0, space))) {
                    subjects.add(line.substring(0, space));
                }
            }
        }
        assertTrue(iris.size() > 100, "drawn " + iris.size() + " IRIs");
        Set<String> missing = new HashSet<>(iris);
        missing.removeAll(subjects);
        assertEquals(Set.of(), missing);
    }

    private static void check(Map<String, String> values, String name, Set<String> allowed) {
        if (values.containsKey(name)) {
            assertTrue(allowed.contains(values.get(name)), name + " = " + values.get(name));
        }
    }

    private Path tiny() throws IOException {
        Path data = temp.resolve("tiny-bsbm.nt");
        if (!Files.exists(data)) {
            try (InputStream in = getClass().getResourceAsStream("/bsbm/tiny-bsbm.nt")) {
                Files.copy(in, data);
            }
        }
        return data;
    }
}
