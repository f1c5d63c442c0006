package dev.escalationeda.benchmark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the wrk load generator and reads its figures from the report it prints. */
final class Wrk {

    /** What wrk reported for one run; latencies in milliseconds. */
    record Result(String output, long requests, double requestsPerSecond, double p50, double p99,
            long socketErrors, long non2xx) {

        long errors() {
            return socketErrors + non2xx;
        }
    }

    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([\\d.]+)", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private final int threads;
    private final int connections;
    private final Path workDir;

    Wrk(int threads, int connections, Path workDir) {
        this.threads = threads;
        this.connections = connections;
        this.workDir = workDir;
    }

    static boolean onPath() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    String commandLine(int seconds) {
        return "wrk -t" + threads + " -c" + connections + " -d" + seconds + "s --latency";
    }

    /** Loads {@code url} for {@code seconds}; with a script, {@code scriptArgs} are passed to its init. */
    Result run(String url, int seconds, Path script, String... scriptArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(commandLine(seconds).split(" ")));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        if (scriptArgs.length > 0) {
            command.add("--");
            command.addAll(List.of(scriptArgs));
        }
        Path output = Files.createTempFile(workDir, "wrk-", ".txt");
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        // wrk stops by itself after its duration; the margin covers start-up and its 2 s request timeout.
        if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            wrk.destroyForcibly().waitFor();
            throw new IllegalStateException("wrk did not finish: " + Files.readString(output));
        }
        String report = Files.readString(output);
        if (wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + wrk.exitValue() + ": " + report);
        }
        return parse(report);
    }

    static Result parse(String report) {
        Matcher socketErrors = SOCKET_ERRORS.matcher(report);
        long socket = 0;
        if (socketErrors.find()) {
            for (int group = 1; group <= 4; group++) {
                socket += Long.parseLong(socketErrors.group(group));
            }
        }
        Matcher non2xx = NON_2XX.matcher(report);
        return new Result(report,
                Long.parseLong(required(REQUESTS, report)),
                Double.parseDouble(required(RATE, report)),
                percentile(report, "50%"),
                percentile(report, "99%"),
                socket,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    /** A line of the --latency distribution, such as {@code "     99%    7.90ms"}, in milliseconds. */
    private static double percentile(String report, String percentile) {
        Matcher line = Pattern.compile("^\\s+" + percentile + "\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
                .matcher(report);
        if (!line.find()) {
            throw new IllegalStateException("no " + percentile + " latency in the wrk report:\n" + report);
        }
        double value = Double.parseDouble(line.group(1));
        return switch (line.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }

    private static String required(Pattern pattern, String report) {
        Matcher matcher = pattern.matcher(report);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in the wrk report:\n" + report);
        }
        return matcher.group(1);
    }
}
