package dev.cinnabar.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipException;

import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.StoreLockedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code cinnabar} command: load, query, sparql, update, serve, export, stats, verify and demo on a quad store
 * directory.
 *
 * <p>Exit codes: {@value #OK} success, {@value #BAD_INPUT} bad input (an RDF or SPARQL syntax error, a failed update,
 * a bad pattern term, a missing input file), {@value #USAGE} usage error, {@value #STORE_ERROR} store error (locked,
 * corrupt, I/O).
 * Messages go to standard error and data to standard output, both UTF-8.
 */
@Command(name = "cinnabar", mixinStandardHelpOptions = true, versionProvider = CinnabarCommand.Version.class,
    description = "Cinnabar, an embedded RDF quad store: load RDF, query quad patterns or with SPARQL, update, "
        + "serve over HTTP (Fuseki), export, check.",
    subcommands = {LoadCommand.class, QueryCommand.class, SparqlCommand.class, UpdateCommand.class,
        ServeCommand.class, ExportCommand.class, StatsCommand.class, VerifyCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'cinnabar COMMAND --help' for a command's options. Start with 'cinnabar demo'."})
public final class CinnabarCommand implements Runnable {

    /** Success. */
    public static final int OK = 0;
    /** Bad input: an RDF or SPARQL syntax error, a failed update, a bad pattern term, a missing input file. */
    public static final int BAD_INPUT = 1;
    /** Usage error: unknown command or option, a missing or malformed argument. */
    public static final int USAGE = 2;
    /** Store error: locked, corrupt, not a store, or I/O (also an internal error). */
    public static final int STORE_ERROR = 3;

    static final Map<String, String> EXIT_CODES = exitCodes();

    @Option(names = "--debug", scope = ScopeType.INHERIT,
        description = "Print the stack trace of an error, not only its message.")
    boolean debug;

    @Spec
    CommandSpec spec;

    /** Where data goes (N-Quads, stats, reports): UTF-8, buffered; flushed by each command when done. */
    final PrintStream out;
    /** Where messages and progress go: UTF-8. */
    final PrintStream err;
    /** Under {@link #out} when it is the process's standard output: what failed writing to it. */
    TrackingOutputStream stdout;

    CinnabarCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of load, query, sparql, update, "
            + "serve, export, stats, verify, demo");
    }

    public static void main(String[] args) {
        TrackingOutputStream stdout = new TrackingOutputStream(new FileOutputStream(FileDescriptor.out));
        PrintStream out = new PrintStream(new BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        CommandLine commandLine = commandLine(out, err);
        commandLine.<CinnabarCommand>getCommand().stdout = stdout;
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The command line with every subcommand, writing data to {@code out} and messages to {@code err}, and mapping
     * errors to the exit codes. Tests run commands in-process through its {@code execute}.
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CinnabarCommand root = new CinnabarCommand(out, err);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler(CinnabarCommand::handle);
        commandLine.setParameterExceptionHandler(CinnabarCommand::handleUsage);
        commandLine.setExitCodeExceptionMapper(CinnabarCommand::exitCodeOf);
        apply(commandLine);
        return commandLine;
    }

    private static void apply(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
            .exitCodeListHeading("%nExit codes:%n")
            .exitCodeList(EXIT_CODES);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            apply(sub);
        }
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("  " + OK, "success");
        codes.put("  " + BAD_INPUT, "bad input (RDF or SPARQL syntax error, failed update, bad pattern term, missing "
            + "input file)");
        codes.put("  " + USAGE, "usage error");
        codes.put("  " + STORE_ERROR, "store error (locked, corrupt, not a store, I/O)");
        return codes;
    }

    /** Prints an error of a command's execution as one message (and its stack trace with --debug). */
    private static int handle(Exception e, CommandLine commandLine, ParseResult parseResult) {
        CinnabarCommand root = root(commandLine);
        PrintStream err = root.err;
        int code = exitCodeOf(e);
        String name = commandLine.getCommandName();
        String prefix = "cinnabar" + (name.equals("cinnabar") ? "" : " " + name) + ": ";
        boolean internal = code == STORE_ERROR && !(causedByIo(e) || e instanceof CliException);
        err.println(prefix + (internal ? "internal error: " : "") + messageOf(e));
        if (e instanceof RdfSyntaxException && name.equals("load")) {
            err.println(prefix + "nothing was loaded; --skip-bad skips bad lines (and counts them) and loads the rest");
        }
        if (debug(parseResult) || internal) {
            e.printStackTrace(err);
        }
        root.out.flush();
        err.flush();
        return code;
    }

    /**
     * A usage error: its message and a pointer to {@code --help} (the whole usage only for a missing command), exit
     * code {@value #USAGE}.
     */
    private static int handleUsage(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            if (commandLine.getParent() == null && !commandLine.getParseResult().hasSubcommand()) {
                err.println();
                commandLine.usage(err);
            } else {
                err.println("Run '" + name + " --help' for its options.");
            }
        }
        err.flush();
        return USAGE;
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof RdfSyntaxException || e instanceof ZipException) {
            return BAD_INPUT;
        }
        if (e instanceof ParameterException) {
            return USAGE;
        }
        return STORE_ERROR; // StoreLockedException, CorruptStoreException, other I/O, and anything unexpected
    }

    /** Whether {@code e} comes from failed I/O (a store's files), wrapped or not. */
    static boolean causedByIo(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    static String messageOf(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        if (e instanceof ZipException) {
            return "bad compressed input: " + message;
        }
        if (e instanceof StoreLockedException || e instanceof CorruptStoreException || e instanceof CliException
            || e instanceof RdfSyntaxException) {
            return message;
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + message;
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + message;
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static boolean debug(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static CinnabarCommand root(CommandLine commandLine) {
        CommandLine top = commandLine;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        return top.getCommand();
    }

    /** The version from the build (a filtered resource). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = CinnabarCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"cinnabar " + properties.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
