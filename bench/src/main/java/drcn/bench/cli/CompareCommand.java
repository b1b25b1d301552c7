package drcn.bench.cli;

import drcn.bench.Compare;
import drcn.runtime.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code drcn bench compare DIR...}: one table side by side and a bar chart PNG. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Put several `drcn bench` runs side by side: a table of ms and GFLOP/s, and a bar chart PNG.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders written by `drcn bench --out DIR`.")
    List<Path> dirs;

    @Option(names = "--chart", paramLabel = "PNG", description = "Where to write the chart (default: compare.png in the first DIR's parent).")
    Path chart;

    @Override
    public Integer call() throws Exception {
        Path first = dirs.getFirst().toAbsolutePath();
        Path target = chart != null ? chart : (first.getParent() == null ? Path.of("compare.png") : first.getParent().resolve("compare.png"));
        try {
            Compare.run(dirs, target, System.out);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        return 0;
    }
}
