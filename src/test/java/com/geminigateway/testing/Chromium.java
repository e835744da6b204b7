package com.geminigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.geminigateway.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol, with the JDK's
 * WebSocket client: navigate, evaluate JavaScript, wait for page loads, take screenshots. Each instance runs
 * its own browser with a fresh profile and no background networking; it only ever visits loopback URLs.
 *
 * <pre>
 * try (Chromium browser = Chromium.launch()) {
 *     browser.navigate("http://127.0.0.1:8080/");
 *     String title = browser.evaluate("document.title").asText();
 *     browser.screenshot(Path.of("target/screenshots/page.png"));
 * }
 * </pre>
 */
public final class Chromium implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<String> consoleProblems = new ArrayList<>();

    private Chromium(Process process, Path profile, WebSocket.Builder builder, URI page) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = builder.buildAsync(page, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
    }

    /** The browser executable: $CHROMIUM, else chromium, chromium-browser or google-chrome on the PATH. */
    public static Optional<Path> find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    public static Chromium launch() throws Exception {
        Path executable = find().orElseThrow(() -> new IllegalStateException("chromium not found"));
        Path profile = Files.createTempDirectory("chromium-profile-");
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI browser = URI.create(devToolsUrl(process));
            URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = Json.MAPPER.readTree(Http.send(Http.request(list.toString())).body());
            URI page = null;
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) {
                    page = URI.create(target.path("webSocketDebuggerUrl").asText());
                    break;
                }
            }
            if (page == null) {
                throw new IllegalStateException("chromium opened no page: " + targets);
            }
            return new Chromium(process, profile, http.newWebSocketBuilder(), page);
        } catch (Exception e) {
            process.destroyForcibly();
            deleteQuietly(profile);
            throw e;
        }
    }

    /** Chromium prints where its DevTools endpoint listens on stderr once it is ready. */
    private static String devToolsUrl(Process process) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = err.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    } else if (!url.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
                url.completeExceptionally(new IllegalStateException("chromium ended before listening:\n" + seen));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends one DevTools command and waits for its result. */
    public JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        socket.sendText(Json.MAPPER.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    /** Opens a URL and waits until the page (after any redirects) has loaded. */
    public void navigate(String url) throws Exception {
        events.clear();
        send("Page.navigate", Map.of("url", url));
        awaitLoad();
    }

    /** Waits for the next page load, e.g. after a form was submitted by {@link #evaluate}. */
    public void awaitLoad() throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && "Page.loadEventFired".equals(event.path("method").asText())) {
                return;
            }
        }
        throw new IllegalStateException("no page load within " + TIMEOUT);
    }

    /** Evaluates JavaScript in the page; its value as JSON. */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Evaluates a script that submits a form or follows a link, and waits for the new page. */
    public void evaluateAndAwaitLoad(String expression) throws Exception {
        events.clear();
        evaluate(expression);
        awaitLoad();
    }

    /** Emulates a screen {@code width} CSS pixels wide (a phone when {@code mobile}). */
    public void viewport(int width, int height, double scale, boolean mobile) throws Exception {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", scale, "mobile", mobile));
    }

    /** A PNG of the whole page (not just the visible part). */
    public void screenshot(Path file) throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", fullPage()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private Map<String, Object> fullPage() throws Exception {
        JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
        return Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(), "height", size.path("height").asDouble(),
                "scale", 1);
    }

    /** Console errors and security (CSP) messages the pages logged so far. */
    public synchronized List<String> consoleProblems() {
        return List.copyOf(consoleProblems);
    }

    private synchronized void onEvent(JsonNode event) {
        String method = event.path("method").asText();
        if (method.equals("Log.entryAdded")) {
            JsonNode entry = event.path("params").path("entry");
            String level = entry.path("level").asText();
            if (level.equals("error") || entry.path("source").asText().equals("security")) {
                consoleProblems.add(entry.path("source").asText() + ": " + entry.path("text").asText()
                        + " " + entry.path("url").asText(""));
            }
        } else if (method.equals("Runtime.exceptionThrown")) {
            consoleProblems.add("exception: " + event.path("params").path("exceptionDetails"));
        }
        events.add(event);
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser goes away below in any case
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteQuietly(profile);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = Json.MAPPER.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> result = pending.remove(message.get("id").asInt());
                        if (result != null) {
                            result.complete(message);
                        }
                    } else {
                        onEvent(message);
                    }
                } catch (IOException e) {
                    events.add(Json.MAPPER.createObjectNode().put("method", "unreadable"));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
