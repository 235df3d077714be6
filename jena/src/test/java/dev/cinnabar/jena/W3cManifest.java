package dev.cinnabar.jena;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.RDFList;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.vocabulary.RDF;

/** The entries of a W3C RDF test manifest and of the manifests it includes (under its own test base). */
final class W3cManifest {

    private static final String MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";

    /**
     * One test.
     *
     * @param name    the test's local name and type, for display
     * @param type    the test type's local name ({@code TestTurtleEval}, ...)
     * @param baseIri the action's IRI: the base its input is parsed with
     * @param action  the input file
     * @param result  the expected result file, or null
     */
    record Entry(String name, String type, String baseIri, Path action, Path result) {
    }

    private W3cManifest() {
    }

    /** The tests of {@code manifest} and of the manifests it includes. */
    static List<Entry> entries(Path manifest) {
        List<Entry> entries = new ArrayList<>();
        collect(manifest, entries);
        return entries;
    }

    private static void collect(Path manifest, List<Entry> entries) {
        Model first = RDFParser.source(manifest).lang(Lang.TURTLE).toModel();
        String testBase = first.listObjectsOfProperty(first.createProperty(MF, "assumedTestBase"))
            .nextOptional().map(RDFNode::toString).orElse(null);
        String fileBase = manifest.getParent().toUri().toString();
        // Parsed again with the assumed test base, so each action's IRI is the base its test must be parsed with.
        Model model = testBase == null ? first
            : RDFParser.source(manifest).lang(Lang.TURTLE).base(testBase + "manifest.ttl").toModel();
        String base = testBase == null ? fileBase : testBase;
        model.listObjectsOfProperty(model.createProperty(MF, "include")).forEach(list -> {
            for (RDFNode included : list.as(RDFList.class).asJavaList()) {
                if (!included.asResource().getURI().startsWith(base)) {
                    continue; // RDF 1.2 includes the RDF 1.1 suite, which runs as its own suite here
                }
                collect(toFile(included.asResource(), base, manifest), entries);
            }
        });
        model.listObjectsOfProperty(model.createProperty(MF, "entries")).forEach(list -> {
            for (RDFNode entry : list.as(RDFList.class).asJavaList()) {
                Resource test = entry.asResource();
                String type = test.getPropertyResourceValue(RDF.type).getLocalName();
                Resource action = test.getPropertyResourceValue(model.createProperty(MF, "action"));
                Resource result = test.getPropertyResourceValue(model.createProperty(MF, "result"));
                entries.add(new Entry(test.getLocalName() + " (" + type + ")", type, action.getURI(),
                    toFile(action, base, manifest), result == null ? null : toFile(result, base, manifest)));
            }
        });
    }

    private static Path toFile(Resource resource, String base, Path manifest) {
        String iri = resource.getURI();
        if (!iri.startsWith(base)) {
            throw new IllegalStateException(manifest + ": " + iri + " is not under " + base);
        }
        return manifest.getParent().resolve(iri.substring(base.length()));
    }
}
