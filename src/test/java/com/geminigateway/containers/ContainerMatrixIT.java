package com.geminigateway.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.LogScan;
import com.geminigateway.testing.PageClient;
import com.geminigateway.testing.SseReader;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Drop the WAR into our Tomcat", proven: the built WAR on standalone Tomcat 11 and 10.1 and Jetty 12
 * (ee10, ee11), deployed under /gateway and configured as an administrator would, serves models, a chat
 * and a stream against the fake Gemini, then undeploys and shuts down with nothing leaked in the logs.
 */
class ContainerMatrixIT {

    static final String CONTEXT = "/gateway";
    static final String PASSWORD = "container-password-1";
    /** What a container says when a web application leaves threads, drivers or memory behind, or fails. */
    static final Pattern TROUBLE = Pattern.compile(
            "SEVERE|memory leak|failed to stop it|has failed to stop|not been stopped|Exception|\\bERROR\\b");

    enum Kind { TOMCAT_11, TOMCAT_10_1, JETTY_12_EE10, JETTY_12_EE11 }

    static FakeGemini fake;

    @BeforeAll
    static void startFake() {
        fake = FakeGemini.start();
        List.of("container-key-1", "container-key-2", PASSWORD).forEach(LogScan::secret);
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void deploysServesUndeploysAndStopsCleanly(Kind kind) throws Exception {
        Path containers = Path.of(System.getProperty("containers.dir", "target/containers"));
        Path war = Path.of(System.getProperty("gateway.war", "target/gemini-gateway.war"));
        Path work = Files.createTempDirectory(containers, kind.name().toLowerCase(Locale.ROOT) + "-");
        try (StandaloneContainer container = create(kind, work)) {
            Map<String, String> settings = Map.of(
                    "GEMINI_API_KEYS", "container-key-1,container-key-2",
                    "GEMINI_BASE_URL", fake.baseUrl(),
                    "PASSWORD", PASSWORD,
                    "DATA_DIR", work.resolve("gateway-data").toString(),
                    "LOG_DIR", work.resolve("gateway-logs").toString());
            container.install(archive(kind, containers), war, CONTEXT, settings);
            container.start();
            String base = container.baseUrl(CONTEXT);
            assertTrue(waitUntilServing(base + "/v1/models", container), "never served; console:\n" + container.console());

            smokeTest(base);
            statusPageAndProbes(base, kind);
            Path appLog = work.resolve("gateway-logs/app.log");
            assertTrue(Files.readString(appLog).contains("Gemini Gateway started"),
                    "LOG_DIR given as a context parameter is where the gateway logs");
            assertTrue(eventuallyContains(work.resolve("gateway-logs/access.log"),
                    "client=password ip=127.0.0.1 POST /v1/chat/completions"),
                    "one access.log line per request, written out within a second");

            container.undeploy();
            assertTrue(container.waitForConsole(container.undeployedLine(), Duration.ofSeconds(40)),
                    "not undeployed; console:\n" + container.console());
            assertEquals(404, Http.send(Http.request(base + "/v1/models")).statusCode());
            container.stop();

            List<String> trouble = new ArrayList<>();
            for (Path log : container.logs()) {
                for (String line : Files.readAllLines(log)) {
                    if (TROUBLE.matcher(line).find()) {
                        trouble.add(log.getFileName() + ": " + line);
                    }
                }
            }
            assertEquals(List.of(), trouble, "container logs must be clean");
            LogScan.assertClean(work.resolve("gateway-logs"));
        }
    }

    /**
     * The status page under the context path: login with an HttpOnly, SameSite=Strict session cookie scoped to
     * the context, the key table, the stylesheet; the probes; /metrics, with Tomcat's own metrics only on Tomcat.
     */
    private static void statusPageAndProbes(String base, Kind kind) throws Exception {
        PageClient browser = new PageClient(base);
        assertEquals(CONTEXT + "/login", PageClient.location(browser.get("/")));
        HttpResponse<String> form = browser.get("/login");
        assertEquals(200, form.statusCode(), form.body());
        String cookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + form.headers().map()));
        String lower = cookie.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("httponly") && lower.contains("samesite=strict") && lower.contains("path=" + CONTEXT),
                kind + " session cookie: " + cookie);
        HttpResponse<String> login = browser.post("/login", Map.of("csrf", browser.csrf(), "password", PASSWORD));
        assertEquals(CONTEXT + "/", PageClient.location(login), login.body());
        LogScan.secret(browser.cookie("JSESSIONID"));
        HttpResponse<String> page = browser.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("cont...ey-1") && page.body().contains("action=\"" + CONTEXT + "/actions/recheck\""),
                page.body());
        HttpResponse<String> css = Http.send(Http.request(base + "/static/status.css"));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));

        assertEquals(200, Http.send(Http.request(base + "/healthz")).statusCode());
        HttpResponse<String> ready = Http.send(Http.request(base + "/readyz"));
        assertEquals(200, ready.statusCode(), ready.body());
        String metrics = Http.send(Http.request(base + "/metrics")).body();
        assertTrue(metrics.contains("gateway_requests_total{") && metrics.contains("jvm_memory_used_bytes"), metrics);
        boolean tomcat = kind == Kind.TOMCAT_11 || kind == Kind.TOMCAT_10_1;
        assertEquals(tomcat, metrics.contains("tomcat_threads_"), kind + ": Tomcat's metrics exactly on Tomcat");
    }

    private static void smokeTest(String base) throws Exception {
        HttpResponse<String> models = Http.send(Http.request(base + "/v1/models").header("Authorization", "Bearer " + PASSWORD));
        assertEquals(200, models.statusCode(), models.body());
        assertEquals("gemini-2.5-flash", Json.MAPPER.readTree(models.body()).at("/data/0/id").asText());

        HttpResponse<String> unauthorized = Http.send(Http.request(base + "/v1/models"));
        assertEquals(401, unauthorized.statusCode());
        assertTrue(unauthorized.body().contains("invalid_api_key"));

        String chat = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hello container\"}]}";
        HttpResponse<String> answer = Http.send(Http.request(base + "/v1/chat/completions")
                .header("Authorization", "Bearer " + PASSWORD).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat)));
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("Echo: hello container", Json.MAPPER.readTree(answer.body()).at("/choices/0/message/content").asText());

        // A large answer goes out with the container's non-blocking output, its length announced as usual.
        String large = "z".repeat(300_000);
        HttpResponse<String> big = Http.send(Http.request(base + "/v1/chat/completions")
                .header("Authorization", "Bearer " + PASSWORD).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat.replace("hello container", large))));
        assertEquals(200, big.statusCode());
        assertEquals(String.valueOf(big.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                big.headers().firstValue("Content-Length").orElse("none"));
        assertEquals("Echo: " + large, Json.MAPPER.readTree(big.body()).at("/choices/0/message/content").asText());

        String streamed = chat.replace("{\"model\"", "{\"stream\":true,\"model\"");
        HttpResponse<InputStream> stream = Http.open(Http.request(base + "/v1/chat/completions")
                .header("Authorization", "Bearer " + PASSWORD).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(streamed)));
        assertEquals(200, stream.statusCode());
        List<String> events = SseReader.readAll(stream.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.MAPPER.readTree(e);
            text.append(chunk.at("/choices/0/delta/content").asText(""));
        }
        assertEquals("Echo: hello container", text.toString());

        HttpResponse<String> hidden = Http.send(Http.request(base + "/org/apache/catalina/startup/Tomcat.class"));
        assertFalse(hidden.statusCode() == 200, "embedded server classes must not be served");
    }

    private static boolean eventuallyContains(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return true;
            }
            Thread.sleep(100); // access lines are buffered and written out each second
        }
        return false;
    }

    private static boolean waitUntilServing(String url, StandaloneContainer container) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int status = Http.send(Http.request(url).timeout(Duration.ofSeconds(2))).statusCode();
                if (status == 401) {
                    return true; // the gateway answers: it is deployed and its filters run
                }
            } catch (IllegalStateException notYet) {
                // connection refused while the container starts
            }
            if (!container.isRunning()) {
                return false;
            }
            Thread.sleep(250); // polling a starting process: nothing to wait on instead
        }
        return false;
    }

    private static StandaloneContainer create(Kind kind, Path work) throws Exception {
        return switch (kind) {
            case TOMCAT_11, TOMCAT_10_1 -> new TomcatContainer(work);
            case JETTY_12_EE10 -> new JettyContainer(work, "ee10");
            case JETTY_12_EE11 -> new JettyContainer(work, "ee11");
        };
    }

    private static Path archive(Kind kind, Path containers) {
        return switch (kind) {
            case TOMCAT_11 -> containers.resolve("tomcat-" + System.getProperty("tomcat11.version") + ".tar.gz");
            case TOMCAT_10_1 -> containers.resolve("tomcat-" + System.getProperty("tomcat10.version") + ".tar.gz");
            case JETTY_12_EE10, JETTY_12_EE11 -> containers.resolve("jetty-home-" + System.getProperty("jetty12.version") + ".tar.gz");
        };
    }
}
