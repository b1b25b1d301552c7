package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.backend.BackendException;
import drcn.runtime.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drcn} command. Errors a user can cause end in one sentence and exit code 1. */
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
        try {
            Settings.current(); // a bad tornado.properties or -D key stops every command up front
        } catch (Settings.SettingsException e) {
            cli.getErr().println("drcn: " + e.getMessage());
            return 1;
        }
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            commandLine.getErr().println("drcn: " + userMessage(exception));
            if (Settings.current().debug()) exception.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /** One sentence for errors a user can cause; the full exception for bugs. */
    static String userMessage(Exception e) {
        if (e instanceof UserException || e instanceof BackendException || e instanceof Settings.SettingsException
                || e instanceof drcn.runtime.model.ModelFileException || e instanceof drcn.runtime.profile.Profiler.ProfileException) {
            return e.getMessage();
        }
        return "internal error: " + e + " (run with DRCN_JAVA_OPTS=-D" + Settings.DEBUG + "=true for the stack trace)";
    }
}
