package dev.cinnabar.benchmarks.concurrency;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The terms of the report's operations, the same for every store: the subjects of the small query (LUBM students
 * present in lubm1 and lubm10), the single quads of the update transactions and the generated quads of the large
 * and the continuous writes (new subjects and literals each, so every write interns new terms).
 */
final class Workload {

    /** Prefix of every generated IRI. */
    static final String NS = "http://bench.cinnabar.dev/";
    /** The predicate of the update quads. */
    static final String UPDATE_PREDICATE = NS + "updated";

    private Workload() {
    }

    /** 100 subjects of the small query: LUBM undergraduate students of University0, 10 in each of 10 departments. */
    static List<String> smallQuerySubjects() {
        List<String> subjects = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            for (int n = 0; n < 10; n++) {
                subjects.add("http://www.Department" + d + ".University0.edu/UndergraduateStudent" + n);
            }
        }
        return subjects;
    }

    /** The subject of update {@code seq}: new every time. */
    static String updateSubject(long seq) {
        return NS + "update/" + seq;
    }

    /** The literal object (lexical form, xsd:string) of update {@code seq}. */
    static String updateObject(long seq) {
        return "update " + seq;
    }

    /** Subject of generated quad {@code i}: ten quads per subject. */
    static String writeSubject(long i) {
        return NS + "w/s" + (i / 10);
    }

    /** Predicate of generated quad {@code i}: one of ten. */
    static String writePredicate(long i) {
        return NS + "w/p" + (i % 10);
    }

    /** Literal object (lexical form, xsd:string) of generated quad {@code i}. */
    static String writeObject(long i) {
        return "value " + i;
    }

    /** The SPARQL of the small query. */
    static String smallQuerySparql(String subjectIri) {
        return "SELECT (COUNT(*) AS ?n) WHERE { <" + subjectIri + "> ?p ?o }";
    }

    /** The SPARQL of the update. */
    static String updateSparql(long seq) {
        return "INSERT DATA { <" + updateSubject(seq) + "> <" + UPDATE_PREDICATE + "> \"" + updateObject(seq) + "\" }";
    }

    /** The SPARQL of the long query: {@code passes} full scans of the default graph, counted. */
    static String longQuerySparql(int passes) {
        StringBuilder q = new StringBuilder("SELECT (COUNT(*) AS ?n) WHERE { ");
        for (int i = 0; i < passes; i++) {
            q.append(i == 0 ? "" : " UNION ").append("{ ?s ?p ?o }");
        }
        return q.append(" }").toString();
    }

    /** Generated quads {@code first .. first + count - 1} as N-Triples, produced as they are read. */
    static InputStream writeNTriples(long first, int count) {
        return new InputStream() {
            private long next = first;
            private byte[] line = new byte[0];
            private int pos;

            private boolean fill() {
                if (pos < line.length) {
                    return true;
                }
                if (next >= first + count) {
                    return false;
                }
                line = ("<" + writeSubject(next) + "> <" + writePredicate(next) + "> \"" + writeObject(next) + "\" .\n")
                    .getBytes(StandardCharsets.UTF_8);
                pos = 0;
                next++;
                return true;
            }

            @Override
            public int read() {
                return fill() ? line[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int n = 0;
                while (n < len && fill()) {
                    int k = Math.min(len - n, line.length - pos);
                    System.arraycopy(line, pos, b, off + n, k);
                    pos += k;
                    n += k;
                }
                return n == 0 ? -1 : n;
            }
        };
    }
}
