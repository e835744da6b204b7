package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.PageClient;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.LogScan;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs go where the gateway's settings say: app.log, error.log, access.log (one line per request), rotated
 * and pruned; and no log line or error body ever holds a key, the password, the metrics token or a prompt.
 * (Every test gateway's log files are also scanned for all test secrets when it closes: {@link LogScan}.)
 */
@Timeout(60)
class LoggingTest {

    static final String KEY = "secret-gemini-key-0987654321";
    static final String KEY_A = "access-log-key-aaaa-1111";
    static final String KEY_B = "access-log-key-bbbb-2222";
    static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void logsGoToLogDirAndHoldNoSecrets() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()))) {
            fake.key(KEY, KeyBehavior.SUSPENDED); // Google echoes the key in this error's message
            Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", CHAT));
            Path appLog = gateway.logDir().resolve("app.log");
            String log = Files.readString(appLog);
            assertTrue(log.contains("Gemini Gateway started"), log);
            assertTrue(log.contains("secr...4321"), "keys appear masked: " + log);
            assertFalse(log.contains(KEY), "never the key itself");
            assertFalse(log.contains(TestGateway.PASSWORD), "never the password");
            assertTrue(Files.exists(gateway.logDir().resolve("error.log")));
        }
    }

    @Test
    void accessLogHasOneLinePerRequestWrittenWhenItsResponseEnds() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY_A + "," + KEY_B,
                     "GEMINI_BASE_URL", fake.baseUrl()))) {
            String base = gateway.baseUrl();
            fake.defaultReply(Reply.text("Hi", " there").promptTokens(10).candidatesTokens(4).thoughtsTokens(3));
            // The model list takes the first key at start-up; after it the second key is next in turn, so the
            // first chat goes to it and the second tries the first key, finds it out of quota, and moves on.
            assertEquals(200, Http.send(Http.authorized(base + "/v1/models")).statusCode());
            fake.key(KEY_A, KeyBehavior.quotaPerMinute(Duration.ofSeconds(30)));
            assertEquals(200, Http.send(Http.postJson(base + "/v1/chat/completions", CHAT)).statusCode());
            HttpResponse<java.io.InputStream> stream = Http.open(Http.postJson(base + "/v1/chat/completions",
                    CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"")));
            List<String> events = SseReader.readAll(stream.body());
            assertEquals("[DONE]", events.get(events.size() - 1));
            Http.send(Http.postJson(base + "/v1beta/models/gemini-2.5-flash:countTokens?key=" + TestGateway.PASSWORD,
                    "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"));
            Http.send(Http.request(base + "/v1/models"));
            Http.send(Http.request(base + "/"));
            // A client that puts a secret where a value is logged (here the model) finds it masked.
            assertEquals(404, Http.send(Http.postJson(base + "/v1/chat/completions",
                    CHAT.replace("gemini-2.5-flash", KEY_B))).statusCode());
            gateway.awaitRequestsEnded();

            List<String> lines = Files.readAllLines(gateway.logDir().resolve("access.log"));
            String nonStream = "client=password ip=127.0.0.1 POST /v1/chat/completions model=gemini-2.5-flash status=200"
                    + " stream=false latency_ms=\\d+ ttft_ms=- tokens=10/4/3 key=acce\\.\\.\\.2222 retries=0";
            String streamed = "client=password ip=127.0.0.1 POST /v1/chat/completions model=gemini-2.5-flash status=200"
                    + " stream=true latency_ms=\\d+ ttft_ms=\\d+ tokens=10/4/3 key=acce\\.\\.\\.2222 retries=1";
            assertLine(lines, nonStream);
            assertLine(lines, streamed);
            assertLine(lines, "client=password ip=127.0.0.1 POST /v1beta/models/gemini-2.5-flash:countTokens"
                    + " model=gemini-2.5-flash status=200 stream=false .* key=acce\\.\\.\\.\\d{4} retries=0");
            assertLine(lines, "client=- ip=127.0.0.1 GET /v1/models model=- status=401 stream=false .* key=- retries=0");
            assertLine(lines, "client=- ip=127.0.0.1 GET / model=- status=302 .*");
            assertLine(lines, "client=password ip=127.0.0.1 POST /v1/chat/completions model=acce\\.\\.\\.2222 status=404 .*");
            assertTrue(lines.stream().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[[0-9a-z]{12}] .*")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("key=" + TestGateway.PASSWORD) || l.contains("?")),
                    "no query string, so no ?key=: " + lines);
            assertFalse(Files.readString(gateway.logDir().resolve("app.log")).contains("POST /v1/chat/completions model="),
                    "access lines stay out of app.log");
        }
    }

    @Test
    void bufferedAccessLinesReachTheFileWithinAboutASecondOnTheirOwn() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()))) {
            assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", CHAT)).statusCode());
            Path access = gateway.logDir().resolve("access.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!(Files.exists(access) && Files.readString(access).contains("POST /v1/chat/completions"))) {
                assertTrue(System.nanoTime() < deadline, "the access line never reached access.log");
                Thread.sleep(50); // written out by the gateway's one-second flush, not by this test
            }
        }
    }

    @Test
    void accessLinesReachTheConsoleInWholeBlocksNotOneWriteEach() throws Exception {
        List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                writes.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            }
        }, true));
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()))) {
            int requests = 20;
            for (int i = 0; i < requests; i++) {
                assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", CHAT)).statusCode());
            }
            gateway.awaitRequestsEnded(); // and writes out what the logs hold
            List<String> withAccessLines = writes.stream().filter(w -> w.contains("POST /v1/chat/completions")).toList();
            long lines = withAccessLines.stream().flatMap(String::lines).filter(l -> l.contains("POST /v1/chat/completions")).count();
            assertEquals(requests, lines, "every access line reached the console: " + withAccessLines);
            assertTrue(withAccessLines.size() < requests / 2, "in a few blocks (one per second at most, "
                    + "and one at the end), not a write per line: " + withAccessLines.size() + " writes");
            assertTrue(withAccessLines.stream().allMatch(w -> w.endsWith("\n")), "lines stay whole: " + withAccessLines);
        } finally {
            System.setOut(console);
        }
    }

    private static void assertLine(List<String> lines, String regex) {
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*\\] " + regex)), "no line like " + regex + " in " + lines);
    }

    @Test
    void rotatesBySizeAndDeletesRotatedFilesOlderThanTheRetention(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path old = oldFile(logs.resolve("error.2020-01-01.log.gz"), Duration.ofDays(31));
        Path oldAccess = oldFile(logs.resolve("access.2020-01-01.1.log.gz"), Duration.ofDays(40));
        Path recent = oldFile(logs.resolve("error.2026-01-01.log.gz"), Duration.ofDays(29));
        Path foreign = oldFile(logs.resolve("notes.txt"), Duration.ofDays(400));
        try (TestGateway gateway = TestGateway.start(Map.of("LOG_DIR", logs.toString(), "MAX_LOG_SIZE", "1",
                "LOG_RETENTION_DAYS", "30"))) {
            Logger log = LogManager.getLogger("com.geminigateway.test.Volume");
            String kilobyte = "x".repeat(1000);
            for (int i = 0; i < 1200; i++) { // 1.2 MB: past MAX_LOG_SIZE=1, so app.log rolls over
                log.info("{} {}", i, kilobyte);
            }
            // Log4j compresses and deletes after a rollover on a thread of its own; replacing the configuration
            // waits for that work to end (logging goes on with the bootstrap configuration; the next gateway sets its own).
            ((LoggerContext) LogManager.getContext(LoggerContext.class.getClassLoader(), false)).reconfigure();

            assertTrue(Files.exists(logs.resolve("app.1.log.gz")), "app.log rotated: " + list(logs));
            assertTrue(Files.size(logs.resolve("app.log")) < 1024 * 1024, "and started afresh");
            assertFalse(Files.exists(old), "31 days old: deleted: " + list(logs));
            assertFalse(Files.exists(oldAccess), "rotated access logs too");
            assertTrue(Files.exists(recent), "29 days old: kept");
            assertTrue(Files.exists(foreign), "files that are not the gateway's rotated logs are never touched");
        }
    }

    private static Path oldFile(Path file, Duration age) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("old\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static List<String> list(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void promptsAreLoggedOnlyWhenLogPromptsSaysSo() throws Exception {
        String quiet = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"private-words-one\"}]}";
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl(),
                     "DEBUG", "true"))) {
            assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", quiet)).statusCode());
            assertFalse(Files.readString(gateway.logDir().resolve("app.log")).contains("private-words-one"),
                    "DEBUG alone never logs prompts");
        }
        String logged = quiet.replace("private-words-one", "words-to-debug-two");
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl(),
                     "LOG_PROMPTS", "true"))) {
            assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", logged)).statusCode());
            String log = Files.readString(gateway.logDir().resolve("app.log"));
            assertTrue(log.contains("request body of POST /v1/chat/completions: " + logged), log);
        }
    }

    @Test
    void noKeyPasswordOrTokenReachesALogLineOrAnErrorBody() throws Exception {
        String suspended = "AIzaSuspendedKeyForTheSecretScan00001";
        String metricsToken = "metrics-token-never-logged-42";
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", suspended, "GEMINI_BASE_URL", fake.baseUrl(),
                     "METRICS_TOKEN", metricsToken, "DEBUG", "true"))) {
            fake.key(suspended, KeyBehavior.SUSPENDED); // Google's message names the key
            String base = gateway.baseUrl();
            HttpResponse<String> chat = Http.send(Http.postJson(base + "/v1/chat/completions", CHAT));
            HttpResponse<String> nativeCall = Http.send(Http.request(base + "/v1beta/models/gemini-2.5-flash:generateContent?key="
                    + TestGateway.PASSWORD).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}")));
            HttpResponse<String> wrongToken = Http.send(Http.request(base + "/v1/models").header("Authorization", "Bearer " + metricsToken));
            PageClient browser = new PageClient(base);
            browser.login(metricsToken); // typed into the wrong form
            browser.login(TestGateway.PASSWORD);
            LogScan.secret(browser.cookie("JSESSIONID"));
            Http.send(Http.request(base + "/metrics").header("Authorization", "Bearer " + metricsToken));
            // Even a stack trace whose message carries a key passes the mask (the layout masks whole lines).
            LogManager.getLogger("com.geminigateway.test.Crash").error("boom",
                    new IllegalStateException("calling with " + suspended, new RuntimeException("password " + TestGateway.PASSWORD)));

            for (HttpResponse<String> r : List.of(chat, nativeCall, wrongToken)) {
                assertTrue(r.statusCode() >= 400, r.body());
                for (String secret : List.of(suspended, TestGateway.PASSWORD, metricsToken)) {
                    assertFalse(r.body().contains(secret), "error body shows a secret: " + r.body());
                }
            }
            String appLog = Files.readString(gateway.logDir().resolve("app.log"));
            assertTrue(appLog.contains("AIza...0001"), "the lines were written, masked");
            assertTrue(appLog.contains("java.lang.IllegalStateException: calling with AIza...0001")
                    && appLog.contains("password test...-123"), "exceptions are masked too: " + appLog);
            assertEquals(List.of(), LogScan.findings(gateway.logDir()));
        }
    }

    @Test
    void theScanFindsASecretInPlainAndCompressedLogs(@TempDir Path dir) throws Exception {
        String secret = "planted-secret-for-the-scan-123";
        LogScan.secret(secret);
        Files.writeString(dir.resolve("app.log"), "a line with " + secret + " in it\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("app.1.log.gz")))) {
            out.write(("rotated " + secret).getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("clean.log"), "nothing here\n");
        List<String> found = LogScan.findings(dir);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("app.1.log.gz")));
    }
}
