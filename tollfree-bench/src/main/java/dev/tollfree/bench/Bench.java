package dev.tollfree.bench;

import dev.tollfree.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark entry point. Without {@code jmh} it runs the load harness: a fake upstream in
 * this JVM, the real gateway as a separate process, and each scenario side by side; see
 * docs/benchmarks.md. {@code jmh ...} hands the rest of the command line to JMH; {@code upstream ...}
 * runs the fake upstream alone for a while, to point another gateway at it; {@code jfr-summary FILE}
 * prints the same summary the harness writes for its own recordings.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 2 && args[0].equals("jfr-summary")) {
            System.out.print(JfrSummary.summarize(Path.of(args[1]), 0));
            return;
        }
        if (args.length > 0 && args[0].equals("upstream")) {
            StandaloneUpstream.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("reference-proxy")) {
            ReferenceProxy.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("clients")) {
            ClientComparison.run(Arrays.copyOfRange(args, 1, args.length), System.out);
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Outcome outcome = run(o, "java -jar tollfree-bench.jar " + String.join(" ", args), System.out);
        System.out.println();
        System.out.print(Files.readString(outcome.files().getFirst()));
        System.out.println("\nwritten to " + o.out().toAbsolutePath());
    }

    /** The results and the files written. */
    public record Outcome(Results results, List<Path> files) {}

    /** Runs the harness with parsed options; the scratch directory (gateway data, logs) is removed afterwards. */
    static Outcome run(Options o, String commandLine, java.io.PrintStream console) {
        Path work;
        try {
            work = Files.createTempDirectory("tollfree-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Results r = new Runner(o, work, console).run();
            return new Outcome(r, Report.write(r, o.out(), commandLine));
        } finally {
            if (o.keepGatewayData()) {
                keep(work, o.out(), console);
            }
            deleteTree(work); // the gateway's data and logs; a failed start shows the log's tail in its message
        }
    }

    /** Copies the load-test gateway's data directory and log out of the scratch directory before it goes. */
    private static void keep(Path work, Path out, java.io.PrintStream console) {
        Path data = work.resolve("gateway").resolve("data");
        Path target = out.resolve("gateway-data");
        try {
            Files.createDirectories(out);
            if (Files.isDirectory(data)) {
                deleteTree(target);
                try (Stream<Path> paths = Files.walk(data)) {
                    for (Path p : (Iterable<Path>) paths::iterator) {
                        Files.copy(p, target.resolve(data.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                console.println("the gateway's data directory (request log in " + Stores.SQLITE_FILE_NAME + ") kept in " + target);
            }
            Path log = work.resolve("gateway.log");
            if (Files.exists(log)) {
                Files.copy(log, out.resolve("gateway.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            console.println("could not keep the gateway's data in " + target + ": " + e.getMessage());
        }
    }

    /** Removes a directory and everything in it, as far as it can; what stays behind is a temporary file. */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
