package dev.escalationeda.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code java -jar quarkus-run.jar}) as its users run it: a separate process,
 * reached only over the network, with its own working directory (and so its own ./data).
 */
public final class ApplicationProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final int port;
    private Process process;

    private ApplicationProcess(Path workDir, Map<String, String> environment, List<String> jvmOptions, int port) {
        this.workDir = workDir;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.port = port;
    }

    /** Starts the jar named by the {@code application.jar} system property and waits until it is ready. */
    public static ApplicationProcess start(Path workDir, Map<String, String> environment, String... jvmOptions) {
        ApplicationProcess application = new ApplicationProcess(workDir, new HashMap<>(environment),
                List.of(jvmOptions), freePort());
        application.launch();
        return application;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return workDir.resolve("application.log");
    }

    /** SIGKILL, as a crashed node: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** Starts the same application again, in the same working directory and on the same port. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        launch();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void launch() {
        String jar = System.getProperty("application.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("application.jar does not name the packaged service: " + jar
                    + " (run ./mvnw verify, which packages it first)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", environment.getOrDefault("QUARKUS_HTTP_HOST", "127.0.0.1"));
        try {
            Files.createDirectories(workDir);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue() + "; see " + log());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the application was not ready within " + STARTUP_TIMEOUT + "; see " + log());
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port nothing listens on. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
