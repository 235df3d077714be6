package dev.cinnabar.quadstore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.Quad;

class RdfFilesTest {

    private static final String DATA = "<http://example/s> <http://example/p> \"\u00E9\" .\n"
        + "<http://example/s> <http://example/p> <http://example/o> .\n";

    @TempDir
    Path dir;

    @Test
    void opensPlainAndGzipByMagicBytesNotByName() throws IOException {
        Path plain = write("plain.nt", DATA.getBytes(StandardCharsets.UTF_8));
        Path gz = write("data.nt.gz", gzip(DATA.getBytes(StandardCharsets.UTF_8)));
        Path gzWithoutSuffix = write("misnamed.nt", gzip(DATA.getBytes(StandardCharsets.UTF_8)));
        Path plainWithGzSuffix = write("not-really.nt.gz", DATA.getBytes(StandardCharsets.UTF_8));
        Path empty = write("empty.nt", new byte[0]);
        for (Path file : List.of(plain, gz, gzWithoutSuffix, plainWithGzSuffix)) {
            try (InputStream in = RdfFiles.open(file)) {
                assertEquals(DATA, new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
            }
        }
        try (InputStream in = RdfFiles.open(empty)) {
            assertEquals(-1, in.read());
        }
    }

    @Test
    void decompressesAnyStreamByMagicBytes() throws IOException {
        byte[] plain = DATA.getBytes(StandardCharsets.UTF_8);
        for (byte[] input : List.of(plain, gzip(plain))) {
            try (InputStream in = RdfFiles.decompress(new java.io.ByteArrayInputStream(input))) {
                assertEquals(DATA, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        try (InputStream in = RdfFiles.decompress(new java.io.ByteArrayInputStream(new byte[] {0x1F}))) {
            assertEquals(0x1F, in.read());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void readsMultiMemberGzipAndParsesIt() throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzip(DATA.getBytes(StandardCharsets.UTF_8)));
        both.writeBytes(gzip(DATA.getBytes(StandardCharsets.UTF_8)));
        Path file = write("two.nt.gz", both.toByteArray());
        List<Quad> quads = new ArrayList<>();
        try (InputStream in = RdfFiles.open(file)) {
            assertEquals(4, new NQuadsParser(RdfFiles.isQuads(file), 1000).parse(in, file.toString(),
                TestData.collector(quads), SyntaxErrorHandler.STRICT));
        }
        assertEquals(quads.subList(0, 2), quads.subList(2, 4));
    }

    @Test
    void damagedGzipIsAnIoException() throws IOException {
        byte[] gz = gzip(DATA.repeat(100).getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
        Path file = write("cut.nq.gz", cut);
        assertThrows(IOException.class, () -> {
            try (InputStream in = RdfFiles.open(file)) {
                new NQuadsParser(true, 1000).parse(in, "cut", (s, p, o, g) -> { }, SyntaxErrorHandler.STRICT);
            }
        });
    }

    @Test
    void isQuadsByExtension() {
        assertTrue(RdfFiles.isQuads(Path.of("a.nq")));
        assertTrue(RdfFiles.isQuads(Path.of("dir/a.NQ.gz")));
        assertTrue(RdfFiles.isQuads(Path.of("a.nquads")));
        assertTrue(RdfFiles.isQuads(Path.of("unknown.gz")));
        assertFalse(RdfFiles.isQuads(Path.of("a.nt")));
        assertFalse(RdfFiles.isQuads(Path.of("dir.x/a.nt.gz")));
        assertFalse(RdfFiles.isQuads(Path.of("A.NT.GZ")));
        assertFalse(RdfFiles.isQuads(Path.of("a.ntriples")));
    }

    @Test
    void expandsDirectoriesRecursivelySortedByName() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("b/c"));
        for (String name : List.of("z.nt", "a.nq", "b/c/d.nt.gz", "b/a.NT", "readme.txt", "b/x.ttl", "m.gz")) {
            write("root/" + name, new byte[0]);
        }
        Path single = write("single.txt", new byte[0]);
        List<Path> files = RdfFiles.expand(List.of(single, root));
        assertEquals(List.of(single, root.resolve("a.nq"), root.resolve("b/a.NT"), root.resolve("b/c/d.nt.gz"),
            root.resolve("m.gz"), root.resolve("z.nt")), files);
        assertThrows(NoSuchFileException.class, () -> RdfFiles.expand(List.of(dir.resolve("missing"))));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
