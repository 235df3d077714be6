package dev.cinnabar.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.storage.StorageIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cinnabar export}: the store's quads as N-Quads, to standard output or atomically to a file. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write every quad of a store (or of one graph) as N-Quads, to standard output or to a file.",
        "",
        "A file is written atomically: to a temp file in the same directory, forced to disk, then renamed over "
            + "the target. If the export fails, the target is untouched (absent, or its old content) and the temp "
            + "file is removed. A name ending in .gz is gzipped."})
final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Mixin
    StoreOption store;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = {"-g", "--graph"}, paramLabel = "TERM",
        description = "Only this graph: an IRI, a blank node, or 'default'.")
    String graph;

    /** The file operations of an export to a file; tests put a failing one here. */
    StorageIo io = StorageIo.system();

    @Override
    public Integer call() throws IOException, CliException {
        Term g = PatternTerms.graph(graph);
        Path target = output == null ? null : checkTarget(output);
        long written;
        try (QuadStore quadStore = Stores.openExisting(store.directory); ReadTxn txn = quadStore.beginRead();
            Stream<Quad> quads = txn.match(g, null, null, null)) {
            if (target == null) {
                written = QueryCommand.write(quads.iterator(), Long.MAX_VALUE, root.out);
                QueryCommand.finish(root, false);
            } else {
                written = writeAtomically(io, target, quads.iterator());
            }
        }
        root.err.println("cinnabar export: " + Format.count(written) + (written == 1 ? " quad" : " quads")
            + (target == null ? "" : " to " + output));
        return CinnabarCommand.OK;
    }

    private static Path checkTarget(Path output) throws CliException {
        Path target = output.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw CliException.badInput("--output " + output + " is a directory");
        }
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw CliException.badInput("--output " + output + ": the directory " + directory + " does not exist");
        }
        return target;
    }

    /**
     * Writes {@code quads} to {@code target} atomically: a temp file in the same directory, forced, renamed over the
     * target, then the directory forced. On failure the temp file is deleted and the target is as it was.
     */
    static long writeAtomically(StorageIo io, Path target, Iterator<Quad> quads) throws IOException, CliException {
        Path directory = target.getParent();
        Path temp = directory.resolve("." + target.getFileName() + "."
            + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + ".tmp");
        boolean gzip = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        boolean renamed = false;
        long written = 0;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
                OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                OutputStream stream = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
                written = QueryCommand.write(quads, Long.MAX_VALUE, stream);
                if (stream instanceof GZIPOutputStream zipped) {
                    zipped.finish();
                }
                stream.flush();
                io.force(channel, temp);
            }
            io.rename(temp, target);
            renamed = true;
        } finally {
            if (!renamed) {
                try {
                    io.deleteIfExists(temp);
                } catch (IOException e) {
                    // Nothing more to do: the name marks it as a leftover temp file.
                }
            }
        }
        io.forceDirectory(directory);
        return written;
    }
}
