package com.geminigateway.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A scriptable fake of the Gemini API ({@code /v1beta}) on {@code 127.0.0.1}, for end-to-end tests of
 * the gateway. Wire formats follow wire-formats.md A.1–A.6.
 *
 * <pre>
 * try (FakeGemini fake = FakeGemini.start()) {
 *     fake.key("bad-key", KeyBehavior.INVALID)
 *         .onPrompt("weather", Reply.text("Sunny", " and warm."));
 *     // point the gateway at fake.baseUrl(), call it, then:
 *     assertEquals("good-key", fake.lastRequest().apiKey());
 * }
 * </pre>
 *
 * <h2>Routes</h2>
 * <ul>
 * <li>{@code GET /v1beta/models?pageSize=&pageToken=}: the configured models, in pages of
 *     min(pageSize, {@link #maxPageSize(int) max page size}); the last page has no {@code nextPageToken}.</li>
 * <li>{@code GET /v1beta/models/{id}}: one model, or 404 NOT_FOUND.</li>
 * <li>{@code POST /v1beta/models/{id}:generateContent}: a GenerateContentResponse.</li>
 * <li>{@code POST /v1beta/models/{id}:streamGenerateContent?alt=sse}: SSE, one {@code data: <json>} line plus a
 *     blank line per event, flushed per event, no {@code [DONE]}; see {@link #sseLineEnding(String)}.
 *     Without {@code alt=sse}, Google's JSON-array stream ({@code application/json}: {@code [{…}\r\n,{…}]}),
 *     each element flushed as it is produced.</li>
 * <li>{@code POST …:countTokens}, {@code …:embedContent}, {@code …:batchEmbedContents}: minimal answers
 *     (word counts; deterministic pseudo-random vectors, 3072 values unless {@code outputDimensionality}).</li>
 * </ul>
 *
 * <h2>Order of checks</h2>
 * Each request is first {@linkplain #requests() recorded}, then: no API key ({@code x-goog-api-key} header or
 * {@code ?key=}) → 403 PERMISSION_DENIED; the key's {@link KeyBehavior} (default {@link KeyBehavior#VALID});
 * the route and model (404 NOT_FOUND for unknown models or unsupported methods); the body (400 for invalid
 * JSON, missing {@code contents}, or, with {@link #strictFields(boolean)}, unknown top-level fields); finally
 * the first {@linkplain #onPrompt prompt script} whose trigger occurs in the last user text, else the
 * {@linkplain #defaultReply(Reply) default reply} ({@link Reply#echo()}).
 *
 * <p>Thread-safe: configure and inspect from the test thread while the gateway calls in. Every request runs
 * on its own thread, so scripts may block (delays, {@link Gate}s) without holding up other requests.
 */
public final class FakeGemini implements AutoCloseable {

    /** Shared, thread-safe JSON mapper of the fake. */
    static final ObjectMapper JSON = new ObjectMapper();

    public static final List<String> DEFAULT_MODELS =
            List.of("gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.0-flash", "gemini-embedding-001");
    /** Small on purpose, so that tests exercise paging. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 2;
    /** A gate that stays closed longer than this drops its connection, so a forgotten gate cannot hang a test. */
    public static final Duration GATE_TIMEOUT = Duration.ofSeconds(30);

    private static final int GOOGLE_DEFAULT_PAGE_SIZE = 50;
    private static final int DEFAULT_EMBEDDING_DIMENSIONS = 3072;
    private static final String MODELS_PATH = "/v1beta/models";
    private static final Set<String> GENERATE_FIELDS = Set.of("model", "contents", "systemInstruction",
            "system_instruction", "tools", "toolConfig", "tool_config", "safetySettings", "safety_settings",
            "generationConfig", "generation_config", "cachedContent", "cached_content");
    private static final Set<String> EMBED_FIELDS = Set.of("model", "content", "taskType", "task_type", "title",
            "outputDimensionality", "output_dimensionality");
    private static final Set<String> BATCH_EMBED_FIELDS = Set.of("requests");
    private static final Set<String> COUNT_TOKENS_FIELDS = Set.of("contents", "generateContentRequest",
            "generate_content_request");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong responseIds = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();

    // Configuration; reset() restores the defaults.
    private volatile List<FakeModel> models;
    private volatile int maxPageSize;
    private volatile String sseLineEnding;
    private volatile boolean fragmentedWrites;
    private volatile boolean strictFields;
    private volatile Reply defaultReply;
    private final Map<String, KeyScript> keys = new ConcurrentHashMap<>();
    private final List<PromptScript> scripts = new CopyOnWriteArrayList<>();

    // Recordings, guarded by recordLock (which is also the monitor the await methods wait on).
    private final Object recordLock = new Object();
    private final List<Received> received = new ArrayList<>();
    private final List<StreamAbort> aborts = new ArrayList<>();

    private FakeGemini(javax.net.ssl.SSLContext tls) throws IOException {
        restoreDefaults();
        AtomicInteger threadCount = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-gemini-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } else {
            com.sun.net.httpserver.HttpsServer https =
                    com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake on a free loopback port. Close it when done (try-with-resources or {@code @AfterEach}). */
    public static FakeGemini start() {
        return startWith(null);
    }

    /** A fake that speaks HTTPS with the given server certificate (see {@link TestCertificates}). */
    public static FakeGemini startTls(javax.net.ssl.SSLContext tls) {
        return startWith(tls);
    }

    private static FakeGemini startWith(javax.net.ssl.SSLContext tls) {
        try {
            return new FakeGemini(tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start FakeGemini", e);
        }
    }

    /** {@code "http://127.0.0.1:<port>"} (https for a TLS fake); the gateway appends {@code /v1beta/…}. */
    public String baseUrl() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ================================================================ configuration

    /**
     * Scripts an API key. With several behaviours, each request with the key (on any route) uses the next
     * one and the last one repeats: {@code key("k", OVERLOADED, VALID)} fails once, then serves.
     */
    public FakeGemini key(String apiKey, KeyBehavior behavior, KeyBehavior... then) {
        Objects.requireNonNull(apiKey, "apiKey");
        List<KeyBehavior> steps = new ArrayList<>();
        steps.add(behavior);
        steps.addAll(List.of(then));
        keys.put(apiKey, new KeyScript(steps));
        return this;
    }

    /**
     * Answers generate requests whose last user text contains {@code trigger} with {@code reply}. Scripts
     * are tried in registration order; the first match wins.
     */
    public FakeGemini onPrompt(String trigger, Reply reply) {
        scripts.add(new PromptScript(Objects.requireNonNull(trigger, "trigger"), List.of(Objects.requireNonNull(reply, "reply"))));
        return this;
    }

    /**
     * Like {@link #onPrompt(String, Reply)}, but each matching request takes the next reply and the last one
     * repeats: {@code onPrompt("x", Reply.json(empty), Reply.text("ok"))} answers emptily once, then "ok".
     */
    public FakeGemini onPrompt(String trigger, Reply first, Reply... then) {
        List<Reply> replies = new ArrayList<>();
        replies.add(Objects.requireNonNull(first, "first"));
        replies.addAll(List.of(then));
        scripts.add(new PromptScript(Objects.requireNonNull(trigger, "trigger"), replies));
        return this;
    }

    /** The reply when no script matches (default {@link Reply#echo()}). */
    public FakeGemini defaultReply(Reply reply) {
        defaultReply = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /** Replaces the served models by {@link FakeModel#of} each id, in this order. */
    public FakeGemini models(String... ids) {
        return models(Stream.of(ids).map(FakeModel::of).toArray(FakeModel[]::new));
    }

    /** Replaces the served models, in this order. */
    public FakeGemini models(FakeModel... models) {
        this.models = List.of(models);
        return this;
    }

    /** Largest page the models list returns, whatever {@code pageSize} asks (default {@value #DEFAULT_MAX_PAGE_SIZE}). */
    public FakeGemini maxPageSize(int maxPageSize) {
        if (maxPageSize < 1) {
            throw new IllegalArgumentException("maxPageSize must be positive: " + maxPageSize);
        }
        this.maxPageSize = maxPageSize;
        return this;
    }

    /** SSE line ending: {@code "\n"} (default) or {@code "\r\n"} (the CRLF framing reported for Google). */
    public FakeGemini sseLineEnding(String lineEnding) {
        if (!lineEnding.equals("\n") && !lineEnding.equals("\r\n")) {
            throw new IllegalArgumentException("line ending must be \\n or \\r\\n");
        }
        this.sseLineEnding = lineEnding;
        return this;
    }

    /**
     * When on, each SSE event is written in two separately flushed halves (split by bytes, possibly inside a
     * UTF-8 sequence), to check that the gateway reassembles events across reads. Default off.
     */
    public FakeGemini fragmentedWrites(boolean on) {
        this.fragmentedWrites = on;
        return this;
    }

    /**
     * When on (the default), unknown top-level request fields get Google's 400 "Invalid JSON payload
     * received. Unknown name …" (snake_case aliases are accepted).
     */
    public FakeGemini strictFields(boolean on) {
        this.strictFields = on;
        return this;
    }

    /** Clears recordings, aborts, key and prompt scripts, and restores every default. */
    public void reset() {
        keys.clear();
        scripts.clear();
        restoreDefaults();
        synchronized (recordLock) {
            received.clear();
            aborts.clear();
        }
    }

    private void restoreDefaults() {
        models = DEFAULT_MODELS.stream().map(FakeModel::of).collect(Collectors.toUnmodifiableList());
        maxPageSize = DEFAULT_MAX_PAGE_SIZE;
        sseLineEnding = "\n";
        fragmentedWrites = false;
        strictFields = true;
        defaultReply = Reply.echo();
    }

    // ================================================================ inspection

    /** Every request so far, in arrival order. */
    public List<Received> requests() {
        synchronized (recordLock) {
            return List.copyOf(received);
        }
    }

    /** The requests whose path contains {@code pathContains}, e.g. {@code ":streamGenerateContent"}. */
    public List<Received> requests(String pathContains) {
        return requests().stream().filter(r -> r.path().contains(pathContains)).collect(Collectors.toUnmodifiableList());
    }

    /** The latest request; throws {@link IllegalStateException} when there was none. */
    public Received lastRequest() {
        synchronized (recordLock) {
            if (received.isEmpty()) {
                throw new IllegalStateException("FakeGemini has received no request");
            }
            return received.get(received.size() - 1);
        }
    }

    /** Waits until at least {@code count} requests have arrived (counted before they are answered). */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        return awaitRecorded(() -> received.size() >= count, timeout);
    }

    /** Streams the client abandoned so far. */
    public List<StreamAbort> streamAborts() {
        synchronized (recordLock) {
            return List.copyOf(aborts);
        }
    }

    /** Waits until some stream has been abandoned by its client (since the last {@link #reset()}). */
    public boolean awaitStreamAborted(Duration timeout) throws InterruptedException {
        return awaitRecorded(() -> !aborts.isEmpty(), timeout);
    }

    /** Streams currently being written (response headers sent, not yet finished). */
    public int openStreams() {
        return openStreams.get();
    }

    private boolean awaitRecorded(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (recordLock) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(recordLock, left);
            }
            return true;
        }
    }

    /** Stops the server at once and interrupts requests still running (waiting gates and delays end). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ================================================================ request handling

    /** A parsed request path. {@code action} is null for the models list and for models.get. */
    record Route(boolean known, String model, String action) {
        static Route parse(String method, String path) {
            if (path.equals(MODELS_PATH) || path.equals(MODELS_PATH + "/")) {
                return new Route(method.equals("GET"), null, null);
            }
            if (!path.startsWith(MODELS_PATH + "/")) {
                return new Route(false, null, null);
            }
            String rest = path.substring(MODELS_PATH.length() + 1);
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                return new Route(method.equals("GET") && !rest.contains("/"), rest, null);
            }
            String model = rest.substring(0, colon);
            return new Route(method.equals("POST") && !model.isEmpty() && !model.contains("/"), model, rest.substring(colon + 1));
        }
    }

    /** One request being served. */
    private record Call(Received request, Route route, Map<String, String> query) {
        String apiKey() {
            return request.apiKey();
        }

        JsonNode json() {
            return request.json();
        }
    }

    /** Thrown to end a request by cutting its connection: the server closes the socket mid-response. */
    private static final class DropConnection extends IOException {
        DropConnection(String reason) {
            super(reason);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean drop = false;
        try {
            Call call = receive(exchange);
            serve(exchange, call);
        } catch (DropConnection e) {
            drop = true;
        } catch (InterruptedException e) {  // close() interrupts requests still running
            drop = true;
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away while a plain response was written; abandoned streams are recorded elsewhere.
        } catch (RuntimeException e) {
            System.err.println("FakeGemini: failed to serve " + exchange.getRequestURI() + ": " + e);
            e.printStackTrace();
            drop = true;
        } finally {
            if (!drop) {
                closeQuietly(exchange);
            }
        }
        if (drop) {
            // Escaping the handler makes com.sun.net.httpserver close the socket without ending the response.
            throw new DropConnection("connection dropped by FakeGemini");
        }
    }

    private Call receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = parseQuery(rawQuery);
        String apiKey = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (apiKey == null || apiKey.isEmpty()) {
            apiKey = query.get("key");
        }
        if (apiKey != null && apiKey.isEmpty()) {
            apiKey = null;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Received request = new Received(method, path, rawQuery, apiKey, exchange.getRequestHeaders(), body, parseJson(body));
        synchronized (recordLock) {
            received.add(request);
            recordLock.notifyAll();
        }
        return new Call(request, Route.parse(method, path), query);
    }

    private void serve(HttpExchange exchange, Call call) throws IOException, InterruptedException {
        Route route = call.route();
        if (call.apiKey() == null) {
            sendError(exchange, GeminiError.unregisteredCaller());
            return;
        }
        KeyScript keyScript = keys.get(call.apiKey());
        KeyBehavior behavior = keyScript == null ? KeyBehavior.VALID : keyScript.next();
        Optional<GeminiError> keyError = behavior.errorFor(call.apiKey(), route.model());
        if (keyError.isPresent()) {
            sendError(exchange, keyError.get());
            return;
        }
        if (!route.known()) {
            sendError(exchange, GeminiError.of(404, "NOT_FOUND", "Method not found: " + call.request().method()
                    + " " + call.request().path()));
            return;
        }
        if (route.model() == null) {
            listModels(exchange, call);
            return;
        }
        FakeModel model = findModel(route.model());
        if (route.action() == null) {
            if (model == null) {
                sendError(exchange, GeminiError.modelNotFound(route.model(), "get"));
            } else {
                sendJson(exchange, 200, model.toJson());
            }
            return;
        }
        if (model == null || !model.supports(route.action())) {
            sendError(exchange, GeminiError.modelNotFound(route.model(), route.action()));
            return;
        }
        Optional<GeminiError> bodyError = validateBody(call);
        if (bodyError.isPresent()) {
            sendError(exchange, bodyError.get());
            return;
        }
        switch (route.action()) {
            case "generateContent" -> generate(exchange, call, false);
            case "streamGenerateContent" -> generate(exchange, call, true);
            case "countTokens" -> countTokens(exchange, call);
            case "embedContent" -> embedContent(exchange, call);
            case "batchEmbedContents" -> batchEmbedContents(exchange, call);
            default -> sendError(exchange, GeminiError.modelNotFound(route.model(), route.action()));
        }
    }

    private FakeModel findModel(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- models

    private void listModels(HttpExchange exchange, Call call) throws IOException {
        List<FakeModel> all = models;
        int pageSize;
        int offset;
        try {
            String requested = call.query().get("pageSize");
            int asked = requested == null ? 0 : Integer.parseInt(requested);
            pageSize = Math.min(asked > 0 ? asked : GOOGLE_DEFAULT_PAGE_SIZE, maxPageSize);
            String token = call.query().get("pageToken");
            offset = token == null || token.isEmpty() ? 0 : decodePageToken(token);
        } catch (IllegalArgumentException e) {  // includes NumberFormatException
            sendError(exchange, GeminiError.invalidArgument("Invalid pageSize or pageToken."));
            return;
        }
        if (offset < 0 || offset > all.size()) {
            sendError(exchange, GeminiError.invalidArgument("Invalid page token."));
            return;
        }
        int end = Math.min(offset + pageSize, all.size());
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("models");
        all.subList(offset, end).forEach(m -> items.add(m.toJson()));
        if (end < all.size()) {
            page.put("nextPageToken", encodePageToken(end));
        }
        sendJson(exchange, 200, page);
    }

    private static String encodePageToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodePageToken(String token) {
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (!decoded.startsWith("offset:")) {
            throw new IllegalArgumentException("bad page token");
        }
        return Integer.parseInt(decoded.substring("offset:".length()));
    }

    // ---------------------------------------------------------------- generateContent

    private Optional<GeminiError> validateBody(Call call) {
        JsonNode json = call.json();
        if (!(json instanceof ObjectNode)) {
            return Optional.of(GeminiError.invalidArgument("Invalid JSON payload received. Unexpected token."));
        }
        Set<String> allowed = switch (call.route().action()) {
            case "generateContent", "streamGenerateContent" -> GENERATE_FIELDS;
            case "embedContent" -> EMBED_FIELDS;
            case "batchEmbedContents" -> BATCH_EMBED_FIELDS;
            case "countTokens" -> COUNT_TOKENS_FIELDS;
            default -> null;
        };
        if (strictFields && allowed != null) {
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    return Optional.of(GeminiError.unknownField(name));
                }
            }
        }
        if (allowed == GENERATE_FIELDS && !json.path("contents").isArray()) {
            return Optional.of(GeminiError.invalidArgument("* GenerateContentRequest.contents: contents is not specified\n"));
        }
return Optional.empty();
    }

    private Reply chooseReply(String lastUserText) {
        for (PromptScript script : scripts) {
            if (lastUserText.contains(script.trigger())) {
                return script.next();
            }
        }
        return defaultReply;
    }

    private void generate(HttpExchange exchange, Call call, boolean stream) throws IOException, InterruptedException {
        String lastUserText = lastUserText(call.json());
        Reply reply = chooseReply(lastUserText);
        Reply.Context ctx = new Reply.Context(call.route().model(), nextResponseId(), lastUserText, promptWords(call.json()));
        GeminiError httpError = reply.httpError();
        if (httpError != null) {
            pause(reply.delayBefore(0));
            passGate(reply.gateAt(0));
            sendError(exchange, httpError);
        } else if (stream) {
            stream(exchange, call, reply, ctx);
        } else {
            pause(reply.unaryDelay());
            for (Gate gate : reply.gatesInOrder()) {
                passGate(gate);
            }
            if (reply.drops()) {
                throw new DropConnection("dropAfter");
            }
            if (reply.midStreamError() != null) {
                sendError(exchange, reply.midStreamError());
            } else {
                sendJson(exchange, 200, reply.unaryResponse(ctx));
            }
        }
    }

    private String nextResponseId() {
        return "fake-response-" + responseIds.incrementAndGet();
    }

    private void stream(HttpExchange exchange, Call call, Reply reply, Reply.Context ctx)
            throws IOException, InterruptedException {
        SseWriter sse = new SseWriter(exchange, !"sse".equals(call.query().get("alt")));
        Iterator<ObjectNode> events = reply.streamEvents(ctx);
        try {
            for (int i = 0; ; i++) {
                GeminiError error = reply.errorAt(i);
                boolean drop = reply.dropsAt(i);
                boolean end = error == null && !drop && !events.hasNext();
                if (!end) {
                    pause(reply.delayBefore(i));
                }
                passGate(reply.gateAt(i));
                if (drop) {
                    throw new DropConnection("dropAfter(" + i + ")");
                }
                if (end) {
                    sse.startIfNeeded();  // a reply with no events still answers 200
                    sse.end();
                    return;
                }
                sse.write(error != null ? error.toJson() : events.next());
                if (error != null) {
                    sse.end();
                    return;
                }
            }
        } catch (DropConnection e) {
            throw e;
        } catch (IOException e) {
            recordAbort(new StreamAbort(call.route().model(), call.apiKey(), sse.eventsSent(), e.toString()));
        } finally {
            sse.finish();
        }
    }

    private void recordAbort(StreamAbort abort) {
        synchronized (recordLock) {
            aborts.add(abort);
            recordLock.notifyAll();
        }
    }

    /**
     * Writes SSE events, or the elements of a JSON-array stream; sends the response headers with the first
     * event, so a delay before it delays them too.
     */
    private final class SseWriter {
        private final HttpExchange exchange;
        private final boolean jsonArray;
        private final String lineEnding = sseLineEnding;
        private final boolean fragmented = fragmentedWrites;
        private OutputStream out;
        private int eventsSent;

        SseWriter(HttpExchange exchange, boolean jsonArray) {
            this.exchange = exchange;
            this.jsonArray = jsonArray;
        }

        void startIfNeeded() throws IOException {
            if (out == null) {
                exchange.getResponseHeaders().set("Content-Type", jsonArray ? "application/json; charset=UTF-8" : "text/event-stream");
                exchange.sendResponseHeaders(200, 0);  // 0 = chunked
                out = exchange.getResponseBody();
                openStreams.incrementAndGet();
            }
        }

        void write(JsonNode event) throws IOException {
            startIfNeeded();
            String framed = jsonArray
                    ? (eventsSent == 0 ? "[" : "\r\n,") + JSON.writeValueAsString(event)
                    : "data: " + JSON.writeValueAsString(event) + lineEnding + lineEnding;
            byte[] bytes = framed.getBytes(StandardCharsets.UTF_8);
            if (fragmented) {
                int half = bytes.length / 2;
                out.write(bytes, 0, half);
                out.flush();
                out.write(bytes, half, bytes.length - half);
            } else {
                out.write(bytes);
            }
            out.flush();
            eventsSent++;
        }

        int eventsSent() {
            return eventsSent;
        }

        /** Closes a JSON-array stream ({@code "]"}, or {@code "[]"} when it had no element); nothing for SSE. */
        void end() throws IOException {
            if (jsonArray && out != null) {
                out.write((eventsSent == 0 ? "[]" : "]").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }

        void finish() {
            if (out != null) {
                openStreams.decrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------- countTokens / embeddings

    private void countTokens(HttpExchange exchange, Call call) throws IOException {
        JsonNode request = call.json().has("contents") ? call.json()
                : call.json().has("generateContentRequest") ? call.json().get("generateContentRequest")
                : call.json().path("generate_content_request");
        int tokens = promptWords(request);
        ObjectNode response = JSON.createObjectNode().put("totalTokens", tokens);
        response.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", tokens);
        sendJson(exchange, 200, response);
    }

    private void embedContent(HttpExchange exchange, Call call) throws IOException {
        ObjectNode response = JSON.createObjectNode();
        response.set("embedding", embedding(call.json()));
        sendJson(exchange, 200, response);
    }

    private void batchEmbedContents(HttpExchange exchange, Call call) throws IOException {
        JsonNode requests = call.json().path("requests");
        if (!requests.isArray()) {
            sendError(exchange, GeminiError.invalidArgument("* BatchEmbedContentsRequest.requests: requests is not specified\n"));
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode embeddings = response.putArray("embeddings");
        requests.forEach(request -> embeddings.add(embedding(request)));
        sendJson(exchange, 200, response);
    }

    /** {@code {"values":[…]}}: the same text always gives the same vector. */
    private static ObjectNode embedding(JsonNode embedRequest) {
        String text = texts(embedRequest.path("content")).collect(Collectors.joining(" "));
        JsonNode dimensions = embedRequest.has("outputDimensionality")
                ? embedRequest.get("outputDimensionality") : embedRequest.path("output_dimensionality");
        int size = dimensions.canConvertToInt() && dimensions.asInt() > 0 ? dimensions.asInt() : DEFAULT_EMBEDDING_DIMENSIONS;
        SplittableRandom random = new SplittableRandom(text.hashCode());
        ObjectNode embedding = JSON.createObjectNode();
        ArrayNode values = embedding.putArray("values");
        for (int i = 0; i < size; i++) {
            values.add(Math.round((random.nextDouble() * 2 - 1) * 1e6) / 1e6);
        }
        return embedding;
    }

    // ---------------------------------------------------------------- helpers

    /** Text of the last content whose role is "user" (or absent), its text parts joined, then its function results; "" if none. */
    static String lastUserText(JsonNode request) {
        JsonNode contents = request == null ? null : request.path("contents");
        if (contents == null || !contents.isArray()) {
            return "";
        }
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode content = contents.get(i);
            String role = content.path("role").asText("user");
            if (role.isEmpty() || role.equals("user")) {
                // Function results count as "[functionResponse name]", so scripts can answer a tool round trip.
                Stream<String> results = StreamSupport.stream(content.path("parts").spliterator(), false)
                        .filter(part -> part.has("functionResponse"))
                        .map(part -> "[functionResponse " + part.path("functionResponse").path("name").asText() + "]");
                return Stream.concat(texts(content), results).collect(Collectors.joining());
            }
        }
        return "";
    }

    /** Words in all texts of {@code contents} and the system instruction: the fake's token count. */
    static int promptWords(JsonNode request) {
        String text = Stream.concat(
                        texts(request.path("systemInstruction")),
                        StreamSupport.stream(request.path("contents").spliterator(), false)
                                .flatMap(FakeGemini::texts))
                .collect(Collectors.joining(" "));
        return words(text);
    }

    private static Stream<String> texts(JsonNode content) {
        return StreamSupport.stream(content.path("parts").spliterator(), false)
                .map(part -> part.path("text"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /** Whitespace-separated words: the fake's notion of a token. */
    static int words(CharSequence text) {
        String trimmed = text.toString().strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static JsonNode parseJson(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static void pause(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    }

    private static void passGate(Gate gate) throws InterruptedException, DropConnection {
        if (gate != null && !gate.pass(GATE_TIMEOUT)) {
            System.err.println("FakeGemini: " + gate + " was not opened within " + GATE_TIMEOUT + "; dropping the connection");
            throw new DropConnection("gate timeout");
        }
    }

    private static void sendError(HttpExchange exchange, GeminiError error) throws IOException {
        sendJson(exchange, error.code(), error.toJson());
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void closeQuietly(HttpExchange exchange) {
        try {
            exchange.close();
        } catch (RuntimeException e) {
            // the connection is already gone
        }
    }

    /** The behaviours of one key; each request takes the next, the last one repeats. */
    private static final class KeyScript {
        private final List<KeyBehavior> steps;
        private int next;  // guarded by this

        KeyScript(List<KeyBehavior> steps) {
            steps.forEach(step -> Objects.requireNonNull(step, "behavior"));
            this.steps = List.copyOf(steps);
        }

        synchronized KeyBehavior next() {
            KeyBehavior behavior = steps.get(next);
            if (next < steps.size() - 1) {
                next++;
            }
            return behavior;
        }
    }

    /** A prompt's replies; each matching request takes the next, the last one repeats. */
    private static final class PromptScript {
        private final String trigger;
        private final List<Reply> replies;
        private int next;  // guarded by this

        PromptScript(String trigger, List<Reply> replies) {
            this.trigger = trigger;
            this.replies = List.copyOf(replies);
        }

        String trigger() {
            return trigger;
        }

        synchronized Reply next() {
            Reply reply = replies.get(next);
            if (next < replies.size() - 1) {
                next++;
            }
            return reply;
        }
    }
}
