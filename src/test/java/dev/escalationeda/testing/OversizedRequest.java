package dev.escalationeda.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * A request whose declared body is over the service's limit (1 MiB), sent as its head only: the service
 * answers from the Content-Length at once and closes the connection, so a client writing the whole
 * body may find the connection closed under it instead of reading the answer.
 */
public final class OversizedRequest {

    private static final int LENGTH = 1_100_000;
    private static final int TIMEOUT_MS = 10_000;

    private OversizedRequest() {
    }

    /** The HTTP status the running test application answers. */
    public static int status(String path, String contentType, Map<String, String> headers) {
        return status(RestAssured.port, path, contentType, headers);
    }

    /** The HTTP status the service on {@code port} of this machine answers. */
    public static int status(int port, String path, String contentType, Map<String, String> headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + LENGTH + "\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
