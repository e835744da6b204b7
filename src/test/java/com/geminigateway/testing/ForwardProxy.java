package com.geminigateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small corporate forward proxy on loopback: CONNECT tunnels for https and absolute-form requests for
 * http, with Basic proxy authentication. It records the request lines it forwarded. One connection per
 * request (it answers with Connection: close), which is all the tests need.
 */
public final class ForwardProxy implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forward-proxy");
        t.setDaemon(true);
        return t;
    });
    private final String expectedAuthorization;
    private final List<String> forwarded = new ArrayList<>();
    private int rejected;

    private ForwardProxy(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuthorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        threads.execute(this::acceptLoop);
    }

    /** A proxy that requires these credentials (null user: no authentication). */
    public static ForwardProxy start(String user, String password) {
        try {
            return new ForwardProxy(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Request lines that were let through, e.g. "CONNECT 127.0.0.1:4433 HTTP/1.1". */
    public synchronized List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /** Requests answered 407 because of missing or wrong credentials. */
    public synchronized int rejected() {
        return rejected;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String requestLine = lines[0];
            String authorization = null;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
                    authorization = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
                synchronized (this) {
                    rejected++;
                }
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            synchronized (this) {
                forwarded.add(requestLine);
            }
            String[] parts = requestLine.split(" ");
            if (parts[0].equals("CONNECT")) {
                String[] hostPort = parts[1].split(":");
                try (Socket target = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    pipe(client, target);
                }
                return;
            }
            // Absolute form: "POST http://host:port/path HTTP/1.1" → origin form to the target.
            java.net.URI uri = java.net.URI.create(parts[1]);
            try (Socket target = new Socket(uri.getHost(), uri.getPort())) {
                StringBuilder rewritten = new StringBuilder(parts[0] + " " + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " " + parts[2] + "\r\n");
                for (int i = 1; i < lines.length; i++) {
                    String lower = lines[i].toLowerCase(Locale.ROOT);
                    if (!lower.startsWith("proxy-") && !lower.startsWith("connection:") && !lower.startsWith("keep-alive")) {
                        rewritten.append(lines[i]).append("\r\n");
                    }
                }
                rewritten.append("Connection: close\r\n\r\n");
                target.getOutputStream().write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
                target.getOutputStream().flush();
                pipe(client, target);
            }
        } catch (IOException ignored) {
            // a side closed: the exchange is over
        }
    }

    /** Copies both directions until either side closes. */
    private void pipe(Socket client, Socket target) throws IOException {
        Thread upstream = new Thread(() -> {
            try {
                client.getInputStream().transferTo(target.getOutputStream());
            } catch (IOException ignored) {
                // closed
            } finally {
                try {
                    target.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "forward-proxy-up");
        upstream.setDaemon(true);
        upstream.start();
        try {
            target.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException ignored) {
            // closed
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return head.toString(StandardCharsets.ISO_8859_1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
