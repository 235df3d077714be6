package dev.cinnabar.benchmarks.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.benchmarks.sparql.LubmQueries;
import dev.cinnabar.benchmarks.sparql.QueryTarget;

/** Scaled LUBM: copies renumber universities apart, and the queries' answers scale as {@link ScaleReport} expects. */
class LubmScaleTest {

    @TempDir
    Path temp;

    @Test
    void aCopyRenumbersEveryUniversityByItsStrideAndLeavesTheClassName() {
        LubmScale scale = new LubmScale(1000);
        String line = "<http://www.Department3.University12.edu/GraduateStudent5> "
            + "<http://swat.cse.lehigh.edu/onto/univ-bench.owl#emailAddress> "
            + "\"GraduateStudent5@Department3.University12.edu\" .";
        assertEquals(line.replace("University12", "University2012"), scale.renumber(line, 2));
        assertEquals(line, scale.renumber(line, 0));
        String type = "<http://www.University7.edu> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            + "<http://www.lehigh.edu/~zhp2/2004/0401/univ-bench.owl#University> .";
        assertEquals(type.replace("University7.", "University1007."), scale.renumber(type, 1));
    }

    @Test
    void theStrideIsThePowerOfTenAboveTheLargestUniversityNumber() {
        assertEquals(1000, LubmScale.strideAbove(999));
        assertEquals(100, LubmScale.strideAbove(99));
        assertEquals(10, LubmScale.strideAbove(-1));
    }

    @Test
    void queriesWithoutAConstantScaleWithTheCopiesAndAnchoredOnesDoNot() throws IOException {
        Path source = temp.resolve("tiny-university.nt");
        try (InputStream in = getClass().getResourceAsStream("/lubm/tiny-university.nt")) {
            Files.copy(in, source);
        }
        LubmScale scale = new LubmScale(LubmScale.strideAbove(LubmScale.maxUniversity(source)));
        List<Path> parts = scale.writeParts(source, 3, temp.resolve("parts"), "tiny", 2);
        assertEquals(3, parts.size());
        Map<String, Long> one = counts(List.of(source), "one");
        Map<String, Long> three = counts(parts, "three");
        Map<String, Long> expected = new LinkedHashMap<>();
        one.forEach((query, rows) -> expected.put(query, ScaleReport.ANCHORED.contains(query) ? rows : 3 * rows));
        assertEquals(expected, three);
    }

    private Map<String, Long> counts(List<Path> files, String name) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (QueryTarget target = QueryTarget.load("cinnabar", Files.createDirectory(temp.resolve(name)), files)) {
            for (Map.Entry<String, Query> query : LubmQueries.parse(LubmQueries.ALL).entrySet()) {
                counts.put(query.getKey(), target.count(query.getValue()));
            }
        }
        return counts;
    }
}
