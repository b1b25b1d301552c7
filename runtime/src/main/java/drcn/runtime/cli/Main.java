package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The {@code drcn} command. Errors a user can cause ({@link UserException}, and picocli's parse errors)
 * end in one sentence and exit code 1; a parse error adds one line pointing at the command's --help.
 */
@Command(name = "drcn", mixinStandardHelpOptions = true, version = "drcn " + Main.VERSION,
        description = "Image super-resolution with DRCN on Java-written GPU kernels (OpenCL, CUDA, JVM).",
        subcommands = {DevicesCommand.class, EvalCommand.class, UpscaleCommand.class, ExportCommand.class, TrainCommand.class, SelfTestCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The program's version (--version, and the producer_version of exported ONNX files). */
    public static final String VERSION = "0.1.0";

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        var cli = new CommandLine(new Main());
        // Subcommands of modules built on top of the runtime (drcn bench) when their jar is on the class path.
        for (CommandPlugin plugin : java.util.ServiceLoader.load(CommandPlugin.class)) cli.addSubcommand(plugin.command());
        // After the subcommands: a converter applies to the commands added before it.
        cli.registerConverter(Path.class, Main::path);
        try {
            Settings.current(); // a bad tornado.properties or -D key stops every command up front
        } catch (UserException e) {
            cli.getErr().println("drcn: " + sentence(e.getMessage()));
            return 1;
        }
        cli.setParameterExceptionHandler((exception, arguments) -> {
            // One sentence and a one-line hint instead of picocli's full usage (40-80 lines) and exit code 2.
            CommandLine command = exception.getCommandLine();
            command.getErr().println("drcn: " + sentence(exception.getMessage()));
            command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return 1;
        });
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            commandLine.getErr().println("drcn: " + userMessage(exception));
            if (!(exception instanceof UserException) && Settings.current().debug()) exception.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /** One sentence for errors a user can cause; the exception's type for bugs. */
    static String userMessage(Exception e) {
        if (e instanceof UserException) return sentence(e.getMessage());
        return "internal error: " + e + " (run with DRCN_JAVA_OPTS=-D" + Settings.DEBUG + "=true for the stack trace).";
    }

    /** The message on one line, ending with a full stop. */
    static String sentence(String message) {
        String s = message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!") ? s : s + ".";
    }

    /**
     * Paths from the command line. A name the file system cannot encode (non-ASCII under LC_ALL=C: Java then
     * decodes file names as ASCII) is a parse error in one sentence, not an InvalidPathException.
     */
    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' cannot be a file name here: it has characters that the locale's "
                    + "file-name encoding (" + System.getProperty("sun.jnu.encoding") + ") cannot represent; run under a UTF-8 locale such as LC_ALL=C.UTF-8");
        }
    }
}
