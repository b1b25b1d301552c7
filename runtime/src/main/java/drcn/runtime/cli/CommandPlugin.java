package drcn.runtime.cli;

/**
 * A subcommand that lives in a module the runtime cannot depend on (bench/ depends on the runtime,
 * so {@code drcn bench} cannot be a compile-time subcommand of {@link Main}). Such a module lists
 * its implementation in {@code META-INF/services/drcn.runtime.cli.CommandPlugin}; Main adds every
 * one it finds on the class path. Without the bench jar on the class path the command is simply absent.
 */
public interface CommandPlugin {
    /** The picocli command object (a class annotated {@code @Command}) to add as a subcommand. */
    Object command();
}
