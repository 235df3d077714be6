package dev.cinnabar.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --store DIR} option of the commands that work on an existing or new store. */
final class StoreOption {

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The store directory.")
    Path directory;
}
