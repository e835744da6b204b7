package com.geminigateway.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A raw HTTP/1.1 client with a 4 KB receive window that sends one chat request and then reads nothing until
 * told to: a client that stops reading, next to which other clients must be served as usual.
 */
public final class StalledClient implements AutoCloseable {

    /** The status line, the headers (names in lower case) and the body, read once the client reads at last. */
    public record Answer(String status, Map<String, String> headers, byte[] body) {
    }

    private final Socket socket;

    private StalledClient(Socket socket) {
        this.socket = socket;
    }

    /** Sends {@code json} to /v1/chat/completions with the test password, and reads nothing yet. */
    public static StalledClient send(String baseUrl, String json) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + TestGateway.PASSWORD + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return new StalledClient(socket);
    }

    /** Reads the whole response: a chunked body to its end, or as many bytes as Content-Length says. */
    public Answer read() throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status = line(in);
        Map<String, String> headers = new HashMap<>();
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            int size;
            while ((size = Integer.parseInt(line(in).trim(), 16)) > 0) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(status, headers, body.toByteArray());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-line: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
