package drcn.bench.cli;

import drcn.runtime.cli.CommandPlugin;

/** Adds {@code drcn bench} to the CLI when bench's jar is on the class path (see META-INF/services). */
public final class BenchPlugin implements CommandPlugin {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
