package dev.cinnabar.cli;

/** An expected failure of a command, with its exit code and a message for standard error (no stack trace). */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad input: exit code {@value CinnabarCommand#BAD_INPUT}. */
    static CliException badInput(String message) {
        return new CliException(CinnabarCommand.BAD_INPUT, message, null);
    }

    /** Bad input found by a library: its exception is the cause, whose whole story {@code --debug} prints. */
    static CliException badInput(String message, Throwable cause) {
        return new CliException(CinnabarCommand.BAD_INPUT, message, cause);
    }

    /** A store that cannot be used, or failed I/O: exit code {@value CinnabarCommand#STORE_ERROR}. */
    static CliException storeError(String message) {
        return new CliException(CinnabarCommand.STORE_ERROR, message, null);
    }

    int exitCode() {
        return exitCode;
    }
}
