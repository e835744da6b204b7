package com.geminigateway.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code --training-run}: starts the gateway on loopback against a stand-in for Gemini, sends it one request of
 * each kind, and stops. Run under {@code -XX:ArchiveClassesAtExit=FILE}, the JVM then writes every class that
 * start-up and serving loaded, already parsed and verified, to a class-data archive; a gateway started with
 * {@code -XX:SharedArchiveFile=FILE} maps them instead of loading them again (README, "Start-up"). The build
 * does this for target/gemini-gateway.war, the Dockerfile for its image.
 */
final class TrainingRun implements AutoCloseable {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello there."}]},"finishReason":"STOP",\
            "index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":3,"totalTokenCount":7},\
            "modelVersion":"gemini-2.5-flash"}""";
    private static final String CHAT = """
            {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Say hello."}]%s}""";

    private final HttpServer gemini;
    private final String password = UUID.randomUUID().toString();

    private TrainingRun(HttpServer gemini) {
        this.gemini = gemini;
    }

    /**
     * Starts the stand-in and points the gateway at it, on a free loopback port, with none of the machine's
     * settings that matter here (system properties win over every other source).
     */
    static TrainingRun start() throws IOException {
        HttpServer gemini = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gemini.createContext("/", TrainingRun::answerAsGemini);
        gemini.start();
        TrainingRun run = new TrainingRun(gemini);
        System.setProperty("GEMINI_BASE_URL", "http://127.0.0.1:" + gemini.getAddress().getPort());
        System.setProperty("GEMINI_API_KEYS", "training-key-0000000000001,training-key-0000000000002");
        System.setProperty("PASSWORD", run.password);
        System.setProperty("HOST", "127.0.0.1");
        System.setProperty("PORT", Integer.toString(freePort()));
        for (String unset : List.of("UPSTREAM_PROXY", "HTTPS_PROXY", "HTTP_PROXY")) {
            System.setProperty(unset, "");
        }
        for (String limit : List.of("MAX_REQUESTS_PER_MINUTE", "MAX_REQUESTS_PER_MINUTE_PER_IP", "MAX_REQUESTS_PER_DAY_PER_IP")) {
            System.setProperty(limit, "0");
        }
        return run;
    }

    /** Data, logs and an empty configuration file in {@code dir}, which the launcher deletes when it stops. */
    void keepFilesIn(Path dir) throws IOException {
        Files.createDirectories(dir);
        System.setProperty("GATEWAY_CONFIG", Files.createFile(dir.resolve("empty.properties")).toString());
        System.setProperty("DATA_DIR", dir.resolve("data").toString());
        System.setProperty("LOG_DIR", dir.resolve("logs").toString());
    }

    /** One request of each kind through the gateway; fails if any is not answered as it should be. */
    void exercise(int port) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> failures = new ArrayList<>();
        check(client, failures, 200, get(base + "/v1/models"));
        check(client, failures, 200, post(base + "/v1/chat/completions", CHAT.formatted("")));
        check(client, failures, 200, post(base + "/v1/chat/completions", CHAT.formatted(",\"stream\":true")));
        check(client, failures, 400, post(base + "/v1/chat/completions", "{\"model\":"));
        check(client, failures, 200, post(base + "/v1/embeddings",
                "{\"model\":\"text-embedding-004\",\"input\":[\"one\",\"two\"]}"));
        check(client, failures, 200, post(base + "/v1beta/models/" + MODEL + ":generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"Say hello.\"}]}]}"));
        check(client, failures, 200, get(base + "/login"));
        check(client, failures, 200, get(base + "/healthz"));
        if (!failures.isEmpty()) {
            throw new IOException("Training run: " + String.join("; ", failures));
        }
    }

    @Override
    public void close() {
        gemini.stop(0);
    }

    private HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + password);
    }

    private HttpRequest.Builder post(String url, String json) {
        return get(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static void check(HttpClient client, List<String> failures, int expected, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            failures.add(built.method() + " " + built.uri().getPath() + " answered " + response.statusCode()
                    + " instead of " + expected + ": " + response.body());
        }
    }

    /** Just enough of Gemini: a model list, answers, a stream of two events and embeddings. */
    private static void answerAsGemini(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String body;
            String type = "application/json";
            if (path.endsWith(":streamGenerateContent")) {
                body = "data: " + ANSWER.replace("\"STOP\"", "null") + "\r\n\r\ndata: " + ANSWER + "\r\n\r\n";
                type = "text/event-stream";
            } else if (path.endsWith(":generateContent")) {
                body = ANSWER;
            } else if (path.endsWith(":batchEmbedContents")) {
                body = "{\"embeddings\":[{\"values\":[0.1,0.2]},{\"values\":[0.3,0.4]}]}";
            } else if (path.endsWith(":embedContent")) {
                body = "{\"embedding\":{\"values\":[0.1,0.2]}}";
            } else if (path.endsWith(":countTokens")) {
                body = "{\"totalTokens\":4}";
            } else {
                body = """
                        {"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",\
                        "inputTokenLimit":1048576,"outputTokenLimit":65536,\
                        "supportedGenerationMethods":["generateContent","countTokens"]},\
                        {"name":"models/text-embedding-004","displayName":"Text Embedding 004","inputTokenLimit":2048,\
                        "outputTokenLimit":1,"supportedGenerationMethods":["embedContent","batchEmbedContents"]}]}""";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
